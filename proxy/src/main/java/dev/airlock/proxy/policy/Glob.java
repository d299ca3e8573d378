package dev.airlock.proxy.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled, case-sensitive {@code *} glob. Common shapes (exact, prefix*, *suffix, *contains*)
 * get a direct comparison; anything else walks the literal parts in order. Matching never
 * allocates. Case-insensitive fields fold pattern and input once instead (see {@link CaseFold}),
 * which is cheaper than folding characters in every comparison of every rule.
 */
final class Glob {
  private enum Kind { ANY, EXACT, PREFIX, SUFFIX, CONTAINS, GENERAL }

  private final Kind kind;
  private final String[] parts;

  private Glob(Kind kind, String[] parts) {
    this.kind = kind;
    this.parts = parts;
  }

  static boolean isLiteral(String pattern) {
    return pattern.indexOf('*') < 0;
  }

  static Glob compile(String pattern) {
    // "a**b" means the same as "a*b": drop the empty parts between adjacent stars.
    String[] raw = pattern.split("\\*", -1);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      if (!raw[i].isEmpty() || i == 0 || i == raw.length - 1) {
        parts.add(raw[i]);
      }
    }
    String[] p = parts.toArray(new String[0]);
    return new Glob(kindOf(p), p);
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
        return s.equals(parts[0]);
      case PREFIX:
        return s.startsWith(parts[0]);
      case SUFFIX:
        return s.endsWith(parts[1]);
      case CONTAINS:
        return s.contains(parts[1]);
      default:
        return matchesGeneral(s);
    }
  }

  private boolean matchesGeneral(String s) {
    String first = parts[0];
    String last = parts[parts.length - 1];
    int limit = s.length() - last.length();
    if (limit < first.length() || !s.startsWith(first) || !s.endsWith(last)) {
      return false;
    }
    // Leftmost placement of each middle part is optimal: it leaves the most room for the rest.
    int pos = first.length();
    for (int i = 1; i < parts.length - 1; i++) {
      int at = s.indexOf(parts[i], pos);
      if (at < 0 || at + parts[i].length() > limit) {
        return false;
      }
      pos = at + parts[i].length();
    }
    return true;
  }
}
