package dev.airlock.admin.alerts.siem;

/**
 * CEF escaping and length limits (ArcSight CEF Implementation Standard). Limits count characters of
 * the unescaped value, so a value is cut first and escaped afterwards: a cut can never split an
 * escape sequence, and it never splits a surrogate pair.
 */
final class CefText {
  private CefText() {}

  /**
   * A header field: {@code \} and {@code |} escaped; line breaks (not allowed in the header) become
   * spaces.
   */
  static String header(String value, int maxChars) {
    String cut = truncate(value, maxChars);
    StringBuilder out = new StringBuilder(cut.length() + 8);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '|' -> out.append("\\|");
        case '\r', '\n' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * An extension value: {@code \} and {@code =} escaped, each line break ({@code \r\n}, {@code \r}
   * or {@code \n}) written as the two characters {@code \n}. The pipe needs no escape here.
   */
  static String extension(String value, int maxChars) {
    String cut = truncate(value, maxChars);
    StringBuilder out = new StringBuilder(cut.length() + 8);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '=' -> out.append("\\=");
        case '\r' -> {
          out.append("\\n");
          if (i + 1 < cut.length() && cut.charAt(i + 1) == '\n') {
            i++;
          }
        }
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** At most {@code maxChars} UTF-16 characters of {@code value}, never ending inside a surrogate pair. */
  static String truncate(String value, int maxChars) {
    String text = value == null ? "" : value;
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
