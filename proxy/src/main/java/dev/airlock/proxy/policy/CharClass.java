package dev.airlock.proxy.policy;

/**
 * The characters one regex position may match, as far as a literal prefilter needs them: ASCII
 * membership is exact, and all non-ASCII characters are either allowed or not. Built only for
 * classes this parser fully understands; anything else is null, meaning "any character".
 *
 * @param source the pattern text of the class, for messages and tests
 */
record CharClass(String source, long low, long high, boolean nonAscii) {

  boolean contains(char c) {
    if (c < 64) {
      return (low >>> c & 1) != 0;
    }
    return c < 128 ? (high >>> (c - 64) & 1) != 0 : nonAscii;
  }

  /** {@code \d \D \s \S \w \W}, which RE2 defines over ASCII only. */
  static CharClass perl(char e, boolean ignoreCase) {
    Bits bits = new Bits();
    switch (Character.toLowerCase(e)) {
      case 'd' -> bits.range('0', '9');
      case 's' -> bits.add('\t').add('\n').add('\f').add('\r').add(' ');
      case 'w' -> bits.range('0', '9').range('A', 'Z').range('a', 'z').add('_');
      default -> throw new IllegalArgumentException("\\" + e);
    }
    return bits.build("\\" + e, Character.isUpperCase(e), ignoreCase);
  }

  /**
   * A bracketed class such as {@code [A-Z]}, {@code [^,\]]} or {@code [\d.]}; null when it uses
   * anything else (POSIX names, Unicode classes, non-ASCII members, negated Perl classes).
   *
   * @param source the class including its brackets, as RE2 accepted it
   */
  static CharClass parse(String source, boolean ignoreCase) {
    int i = 1;
    int end = source.length() - 1;
    boolean negated = i < end && source.charAt(i) == '^';
    if (negated) {
      i++;
    }
    Bits bits = new Bits();
    while (i < end) {
      char c = source.charAt(i);
      if (c == '[') {
        return null; // [:alpha:] and friends
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          return null;
        }
        char e = source.charAt(i + 1);
        i += 2;
        if ("dsw".indexOf(e) >= 0) {
          CharClass perl = perl(e, false);
          bits.low |= perl.low;
          bits.high |= perl.high;
          continue;
        }
        if (e >= 128 || Character.isLetterOrDigit(e)) {
          return null;
        }
        c = e;
      } else {
        if (c >= 128) {
          return null;
        }
        i++;
      }
      if (i + 1 < end && source.charAt(i) == '-') {
        char to = source.charAt(i + 1);
        if (to == '\\' || to >= 128 || to < c) {
          return null;
        }
        bits.range(c, to);
        i += 2;
      } else {
        bits.add(c);
      }
    }
    return bits.build(source, negated, ignoreCase);
  }

  private static final class Bits {
    long low;
    long high;

    Bits add(char c) {
      if (c < 64) {
        low |= 1L << c;
      } else {
        high |= 1L << (c - 64);
      }
      return this;
    }

    Bits range(char from, char to) {
      for (char c = from; c <= to; c++) {
        add(c);
      }
      return this;
    }

    CharClass build(String source, boolean negated, boolean ignoreCase) {
      boolean nonAscii = negated;
      if (ignoreCase) {
        CharClass plain = new CharClass(source, low, high, false);
        for (char c = 'a'; c <= 'z'; c++) {
          char upper = Character.toUpperCase(c);
          if (plain.contains(c) || plain.contains(upper)) {
            add(c).add(upper);
            // RE2 also folds the long s and the Kelvin sign into s and k
            nonAscii |= c == 's' || c == 'k';
          }
        }
      }
      if (negated) {
        low = ~low;
        high = ~high;
      }
      return new CharClass(source, low, high, nonAscii);
    }
  }
}
