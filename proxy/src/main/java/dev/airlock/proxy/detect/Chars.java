package dev.airlock.proxy.detect;

/** Character-class and entropy helpers shared by the detectors. */
final class Chars {
  private Chars() {}

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAsciiAlnum(char c) {
    return isAsciiDigit(c) || isAsciiLetter(c);
  }

  /** Letters and digits of any script plus '_': what a human reads as part of a word. */
  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  static boolean isHexDigit(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static int hexValue(char c) {
    return Character.digit(c, 16);
  }

  /** The char at {@code i}, or NUL outside the text, so boundary checks need no range tests. */
  static char at(CharSequence text, int i) {
    return i >= 0 && i < text.length() ? text.charAt(i) : '\0';
  }

  /** Shannon entropy in bits per char of {@code s}. */
  static double entropy(CharSequence s) {
    int n = s.length();
    if (n == 0) {
      return 0;
    }
    java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(s.charAt(i), 1, Integer::sum);
    }
    double bits = 0;
    for (int count : counts.values()) {
      double p = (double) count / n;
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }

  static boolean hasDigit(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (isAsciiDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static boolean hasLetter(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (isAsciiLetter(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
