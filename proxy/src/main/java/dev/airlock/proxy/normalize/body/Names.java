package dev.airlock.proxy.normalize.body;

import java.util.Locale;

/** Turns API method and field names into operation names. */
public final class Names {
  private Names() {}

  /** {@code chat.scheduleMessage} → {@code chat_schedule_message}; {@code createIssue} → {@code create_issue}. */
  public static String snakeCase(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 8);
    char prev = '_';
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (prev != '_' && !Character.isUpperCase(prev)) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else if (Character.isLetterOrDigit(c)) {
        sb.append(c);
      } else if (prev != '_') {
        sb.append('_');
        c = '_';
      } else {
        continue;
      }
      prev = c;
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == '_') {
      end--;
    }
    return sb.substring(0, end).toLowerCase(Locale.ROOT);
  }
}
