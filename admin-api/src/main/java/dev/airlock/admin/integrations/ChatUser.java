package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.AuditActor;

/**
 * A person who clicked Approve or Deny in a chat app, as that app identified them.
 *
 * @param platform {@code slack} or {@code telegram}
 * @param id the app's user id (Slack {@code U…}, Telegram's numeric id)
 * @param name the user's handle or display name ("" when the app sent none)
 */
public record ChatUser(String platform, String id, String name) {
  /** The audit role of decisions taken from a chat channel. */
  public static final String ROLE = "channel";

  private static final int MAX_NAME = 80;
  private static final int MAX_ID = 40;

  public ChatUser {
    requireNonNull(platform, "platform");
    id = clean(requireNonNull(id, "id"), MAX_ID);
    name = clean(name == null ? "" : name, MAX_NAME);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id: empty (expected: the chat app's user id)");
    }
  }

  /** Who decided, as the approval ({@code decided_by}) and the audit log record it: {@code slack:name (U…)}. */
  public AuditActor actor(String requestId) {
    return new AuditActor(platform + ":" + (name.isEmpty() ? id : name) + " (" + id + ")", ROLE, requestId);
  }

  /** Control characters out, length capped: the name is shown in chat messages and stored. */
  private static String clean(String s, int max) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), max));
    s.codePoints()
        .filter(cp -> !Character.isISOControl(cp))
        .limit(max)
        .forEach(out::appendCodePoint);
    return out.toString().strip();
  }
}
