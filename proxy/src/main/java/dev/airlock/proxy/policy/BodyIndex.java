package dev.airlock.proxy.policy;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every body term and regex of one snapshot, numbered once so that a decision scans the body at
 * most once for all keyword conditions and runs each distinct regex at most once, whichever rules
 * ask. Immutable; per-decision results live in {@link BodyView}.
 */
final class BodyIndex {
  static final BodyIndex EMPTY = new Builder().build();

  private final String[] terms;
  private final Regex[] regexes;

  private BodyIndex(String[] terms, Regex[] regexes) {
    this.terms = terms;
    this.regexes = regexes;
  }

  /** Picks scanners over this snapshot's terms; one per environment index being built. */
  TermScanners scanners() {
    return new TermScanners(terms);
  }

  int regexCount() {
    return regexes.length;
  }

  Regex regex(int id) {
    return regexes[id];
  }

  /**
   * A compiled pattern and what every match must contain: {@code termIds} are its
   * case-insensitive literals (looked up in the body scan), {@code exact} its case-sensitive ones.
   */
  record Regex(Pattern pattern, int[] termIds, RequiredLiterals.Literal[] exact) {}

  /** Numbers terms and patterns while rules compile; not thread-safe, used by one compiler. */
  static final class Builder {
    private final Map<String, Integer> termIds = new HashMap<>();
    private final List<String> terms = new ArrayList<>();
    private final Map<String, Integer> regexIds = new HashMap<>();
    private final List<Regex> regexes = new ArrayList<>();

    /** The id of a case-insensitive substring condition. */
    int term(String value) {
      return termIds.computeIfAbsent(value.toLowerCase(Locale.ROOT), lower -> {
        terms.add(lower);
        return terms.size() - 1;
      });
    }

    /** The id of a regex; the same pattern text is compiled and run once. */
    int regex(String pattern) {
      Integer id = regexIds.get(pattern);
      if (id != null) {
        return id;
      }
      Pattern compiled = Pattern.compile(pattern);
      List<Integer> ci = new ArrayList<>();
      List<RequiredLiterals.Literal> exact = new ArrayList<>();
      for (RequiredLiterals.Literal literal : RequiredLiterals.of(pattern)) {
        if (literal.ignoreCase()) {
          ci.add(term(literal.text()));
        } else {
          exact.add(literal);
        }
      }
      regexes.add(new Regex(
          compiled, ci.stream().mapToInt(Integer::intValue).toArray(), exact.toArray(new RequiredLiterals.Literal[0])));
      regexIds.put(pattern, regexes.size() - 1);
      return regexes.size() - 1;
    }

    /** The case-insensitive literals regex {@code id} needs, as term ids. */
    int[] regexTerms(int id) {
      return regexes.get(id).termIds();
    }

    BodyIndex build() {
      return new BodyIndex(terms.toArray(new String[0]), regexes.toArray(new Regex[0]));
    }
  }
}
