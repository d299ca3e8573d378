package dev.airlock.admin.integrations;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The person behind an approval's {@code decided_by}, as a chat message names them. */
final class DecidedBy {
  private static final Pattern CHAT = Pattern.compile("^(slack|telegram):(.+) \\(([^()]+)\\)$");

  private DecidedBy() {}

  /**
   * {@code slack:roadrunner (U2CERLKJA)} reads "roadrunner", the same person from the other chat app
   * "bob (Telegram)", an admin key "admin key tok_…".
   *
   * @param platform where the message is shown
   */
  static String display(String decidedBy, String platform) {
    if (decidedBy == null || decidedBy.isBlank()) {
      return "Airlock";
    }
    Matcher m = CHAT.matcher(decidedBy);
    if (m.matches()) {
      String app = m.group(1);
      if (app.equals(platform)) {
        return m.group(2);
      }
      return m.group(2) + " (" + (app.equals("slack") ? "Slack" : "Telegram") + ")";
    }
    return "admin key " + decidedBy;
  }
}
