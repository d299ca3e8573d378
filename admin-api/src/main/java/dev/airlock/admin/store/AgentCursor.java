package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Position in the newest-first agent listing: the (created_at, id) of the last agent returned.
 * Opaque to clients; creation time never changes, so a page boundary stays put while agents are
 * renamed, suspended or deleted.
 */
public record AgentCursor(Instant createdAt, String id) {
  private static final String PREFIX = "agt:";

  public AgentCursor {
    requireNonNull(createdAt, "createdAt");
    requireNonNull(id, "id");
  }

  public String encode() {
    String raw = PREFIX + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not a cursor this class produced
   */
  public static AgentCursor decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      if (!raw.startsWith(PREFIX)) {
        throw new IllegalArgumentException("not an agent cursor");
      }
      String[] parts = raw.substring(PREFIX.length()).split(":", 3);
      if (parts.length != 3 || parts[2].isEmpty()) {
        throw new IllegalArgumentException("malformed");
      }
      return new AgentCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cursor: \"" + text + "\" is not a valid cursor", e);
    }
  }
}
