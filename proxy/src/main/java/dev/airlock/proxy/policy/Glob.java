package dev.airlock.proxy.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code *} glob. Common shapes (exact, prefix*, *suffix, *contains*) get a direct
 * comparison; anything else walks the literal parts in order. Matching never allocates, and case
 * folding uses {@link String#regionMatches(boolean, int, String, int, int)} instead of lower-casing
 * the input.
 */
final class Glob {
  private enum Kind { ANY, EXACT, PREFIX, SUFFIX, CONTAINS, GENERAL }

  private final Kind kind;
  private final String[] parts;
  private final boolean ignoreCase;

  private Glob(Kind kind, String[] parts, boolean ignoreCase) {
    this.kind = kind;
    this.parts = parts;
    this.ignoreCase = ignoreCase;
  }

  static boolean isLiteral(String pattern) {
    return pattern.indexOf('*') < 0;
  }

  static Glob compile(String pattern, boolean ignoreCase) {
    // "a**b" means the same as "a*b": drop the empty parts between adjacent stars.
    String[] raw = pattern.split("\\*", -1);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      if (!raw[i].isEmpty() || i == 0 || i == raw.length - 1) {
        parts.add(raw[i]);
      }
    }
    String[] p = parts.toArray(new String[0]);
    return new Glob(kindOf(p), p, ignoreCase);
  }

  private static Kind kindOf(String[] p) {
    if (p.length == 1) {
      return Kind.EXACT;
    }
    if (p.length == 2) {
      return p[0].isEmpty() && p[1].isEmpty() ? Kind.ANY
          : p[1].isEmpty() ? Kind.PREFIX
          : p[0].isEmpty() ? Kind.SUFFIX
          : Kind.GENERAL;
    }
    return p.length == 3 && p[0].isEmpty() && p[2].isEmpty() ? Kind.CONTAINS : Kind.GENERAL;
  }

  boolean matchesEverything() {
    return kind == Kind.ANY;
  }

  boolean matches(String s) {
    switch (kind) {
      case ANY:
        return true;
      case EXACT:
        return ignoreCase ? s.equalsIgnoreCase(parts[0]) : s.equals(parts[0]);
      case PREFIX:
        return s.regionMatches(ignoreCase, 0, parts[0], 0, parts[0].length());
      case SUFFIX:
        return endsWith(s, parts[1], s.length());
      case CONTAINS:
        return indexOf(s, parts[1], 0, s.length()) >= 0;
      default:
        return matchesGeneral(s);
    }
  }

  private boolean matchesGeneral(String s) {
    String first = parts[0];
    String last = parts[parts.length - 1];
    int limit = s.length() - last.length();
    if (limit < first.length()
        || !s.regionMatches(ignoreCase, 0, first, 0, first.length())
        || !endsWith(s, last, s.length())) {
      return false;
    }
    // Leftmost placement of each middle part is optimal: it leaves the most room for the rest.
    int pos = first.length();
    for (int i = 1; i < parts.length - 1; i++) {
      int at = indexOf(s, parts[i], pos, limit);
      if (at < 0) {
        return false;
      }
      pos = at + parts[i].length();
    }
    return true;
  }

  private boolean endsWith(String s, String suffix, int end) {
    int start = end - suffix.length();
    return start >= 0 && s.regionMatches(ignoreCase, start, suffix, 0, suffix.length());
  }

  /** First index >= from where needle occurs entirely before {@code end}, or -1. */
  private int indexOf(String s, String needle, int from, int end) {
    int n = needle.length();
    for (int i = from; i + n <= end; i++) {
      if (s.regionMatches(ignoreCase, i, needle, 0, n)) {
        return i;
      }
    }
    return -1;
  }
}
