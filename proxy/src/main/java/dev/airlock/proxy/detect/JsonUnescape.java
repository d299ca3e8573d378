package dev.airlock.proxy.detect;

/**
 * Resolves JSON string escapes ({@code \u0040}, {@code \/}, {@code \n}, …) into a mapped view,
 * so {@code bob\u0040example.com} is seen as an address and a key after a {@code \n} is not glued
 * to the letter 'n'. Applied to the whole text without parsing it as JSON: outside strings JSON
 * has no backslashes, and in non-JSON text the view is merely one more reading.
 */
final class JsonUnescape {
  private JsonUnescape() {}

  /** The unescaped view, or null when the text has no JSON escape (the common case). */
  static MappedText view(String text) {
    int first = firstEscape(text);
    if (first < 0) {
      return null;
    }
    int n = text.length();
    MappedText.Builder out = new MappedText.Builder(n);
    for (int i = 0; i < first; i++) {
      out.append(text.charAt(i), i, i + 1);
    }
    int i = first;
    while (i < n) {
      char c = text.charAt(i);
      int len = c == '\\' ? escapeLength(text, i) : 0;
      if (len == 0) {
        out.append(c, i, i + 1);
        i++;
      } else {
        out.append(unescape(text, i), i, i + len);
        i += len;
      }
    }
    return out.build();
  }

  private static int firstEscape(String text) {
    for (int i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) {
      if (escapeLength(text, i) > 0) {
        return i;
      }
    }
    return -1;
  }

  /** Length of the escape starting at {@code i} (a backslash), or 0 if it is not one. */
  static int escapeLength(CharSequence text, int i) {
    char next = Chars.at(text, i + 1);
    switch (next) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
        return 2;
      case 'u':
        for (int k = i + 2; k < i + 6; k++) {
          if (!Chars.isHexDigit(Chars.at(text, k))) {
            return 0;
          }
        }
        return 6;
      default:
        return 0;
    }
  }

  private static char unescape(String text, int i) {
    char next = text.charAt(i + 1);
    switch (next) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        return (char) Integer.parseInt(text.substring(i + 2, i + 6), 16);
      default:
        return next;
    }
  }
}
