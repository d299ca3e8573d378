package dev.airlock.proxy.policy;

import dev.airlock.proxy.text.TermTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Aho–Corasick automaton answering, in one pass and without copying the body, which terms occur
 * in {@code body.toLowerCase(Locale.ROOT)}. Characters are lower-cased as they are read, the way
 * {@link String#toLowerCase(Locale)} does for the root locale; the one context-dependent mapping
 * (final sigma) falls back to lower-casing a copy, so results never differ from the plain
 * definition.
 *
 * <p>The table is indexed by character class (one per distinct character of the terms, plus class
 * 0 for every other character, whose column always leads back to the root), which keeps it small
 * even when terms use non-ASCII letters. A negative entry marks a target state where terms end.
 */
final class TermAutomaton implements TermScanner {
  private static final char CAPITAL_SIGMA = '\u03A3';
  private static final char CAPITAL_I_WITH_DOT = '\u0130';
  /** Below this length, splitting the body costs more than it saves. */
  static final int LANES_FROM = 64;

  private final String[] terms;
  private final int width;
  private final int[] asciiClass = new int[128];
  /** Sorted non-ASCII characters of the terms; class of {@code extra[k]} is {@code 128 + k}. */
  private final char[] extra;
  private final int[] extraClass;
  private final int[] table;
  /** Terms ending in each state, by state number (offset / width). */
  private final int[][] ends;
  private final long[] alwaysFound;
  private final int longestTerm;

  /**
   * @param terms lower-cased with {@link Locale#ROOT}; duplicates and empty terms allowed, null
   *     for a number this automaton does not look for (so results keep the snapshot's numbering)
   */
  TermAutomaton(List<String> terms) {
    this.terms = terms.toArray(new String[0]);
    TreeSet<Character> chars = new TreeSet<>();
    for (String t : this.terms) {
      for (int i = 0; t != null && i < t.length(); i++) {
        chars.add(t.charAt(i));
      }
    }
    int next = 1;
    List<Character> nonAscii = new ArrayList<>();
    for (char c : chars) {
      if (c < 128) {
        asciiClass[c] = next++;
      } else {
        nonAscii.add(c);
      }
    }
    this.extra = new char[nonAscii.size()];
    this.extraClass = new int[nonAscii.size()];
    for (int k = 0; k < extra.length; k++) {
      extra[k] = nonAscii.get(k);
      extraClass[k] = next++;
    }
    // Upper-case ASCII letters read as their lower-case class, so the hot loop folds for free.
    for (char c = 'A'; c <= 'Z'; c++) {
      asciiClass[c] = asciiClass[c + ('a' - 'A')];
    }
    this.width = next;
    this.alwaysFound = new long[words(this.terms.length)];
    TermTrie trie = new TermTrie(width);
    for (int k = 0; k < this.terms.length; k++) {
      String t = this.terms[k];
      if (t == null) {
        continue;
      }
      if (t.isEmpty()) {
        alwaysFound[k >>> 6] |= 1L << k;
        continue;
      }
      int state = 0;
      for (int i = 0; i < t.length(); i++) {
        state = trie.child(state, classOf(t.charAt(i)));
      }
      trie.end(state, k);
    }
    this.longestTerm = Arrays.stream(this.terms).filter(t -> t != null).mapToInt(String::length).max().orElse(0);
    this.table = trie.links();
    this.ends = trie.endsArray();
  }

  int size() {
    return terms.length;
  }

  @Override
  public long[] scan(String body) {
    if (body.length() >= LANES_FROM) {
      long[] found = scanAsciiInLanes(body);
      if (found != null) {
        return found;
      }
    }
    return scanInOrder(body);
  }

  /**
   * Four quarters of an ASCII body scanned side by side: each step of one automaton waits on a
   * table load, so four independent ones keep the core busy. A quarter's automaton runs on into
   * the next quarter by the longest term length minus one, so no occurrence is lost at a boundary.
   *
   * @return null as soon as a non-ASCII character shows up, leaving the body to {@link #scanInOrder}
   */
  private long[] scanAsciiInLanes(String body) {
    int n = body.length();
    int q = n >>> 2;
    int b1 = q;
    int b2 = 2 * q;
    int b3 = 3 * q;
    long[] found = alwaysFound.clone();
    int s0 = 0;
    int s1 = 0;
    int s2 = 0;
    int s3 = 0;
    for (int j = 0; j < q; j++) {
      char c0 = body.charAt(j);
      char c1 = body.charAt(b1 + j);
      char c2 = body.charAt(b2 + j);
      char c3 = body.charAt(b3 + j);
      if ((c0 | c1 | c2 | c3) >= 128) {
        return null;
      }
      int v0 = table[s0 + asciiClass[c0]];
      int v1 = table[s1 + asciiClass[c1]];
      int v2 = table[s2 + asciiClass[c2]];
      int v3 = table[s3 + asciiClass[c3]];
      s0 = v0 < 0 ? record(~v0, found) : v0;
      s1 = v1 < 0 ? record(~v1, found) : v1;
      s2 = v2 < 0 ? record(~v2, found) : v2;
      s3 = v3 < 0 ? record(~v3, found) : v3;
    }
    int overlap = longestTerm - 1;
    boolean ascii = finishAscii(body, s0, b1, Math.min(n, b1 + overlap), found)
        && finishAscii(body, s1, b2, Math.min(n, b2 + overlap), found)
        && finishAscii(body, s2, b3, Math.min(n, b3 + overlap), found)
        && finishAscii(body, s3, 4 * q, n, found);
    return ascii ? found : null;
  }

  private boolean finishAscii(String body, int state, int from, int to, long[] found) {
    for (int i = from; i < to; i++) {
      char c = body.charAt(i);
      if (c >= 128) {
        return false;
      }
      int v = table[state + asciiClass[c]];
      state = v < 0 ? record(~v, found) : v;
    }
    return true;
  }

  /** One automaton over the whole body, lower-casing any character the way String does. */
  private long[] scanInOrder(String body) {
    long[] found = alwaysFound.clone();
    int state = 0;
    for (int i = 0, n = body.length(); i < n; i++) {
      char c = body.charAt(i);
      int v;
      if (c < 128) {
        v = table[state + asciiClass[c]];
      } else if (c == CAPITAL_SIGMA) {
        return scanCopy(body);
      } else if (c == CAPITAL_I_WITH_DOT) {
        // lower-cases to two characters: i and a combining dot
        v = step(state, 'i', found);
        v = table[v + classOf('\u0307')];
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(body.charAt(i + 1))) {
        int cp = Character.toLowerCase(Character.toCodePoint(c, body.charAt(++i)));
        if (Character.isBmpCodePoint(cp)) {
          v = table[state + classOf((char) cp)];
        } else {
          v = step(state, Character.highSurrogate(cp), found);
          v = table[v + classOf(Character.lowSurrogate(cp))];
        }
      } else {
        v = table[state + classOf(Character.toLowerCase(c))];
      }
      state = v < 0 ? record(~v, found) : v;
    }
    return found;
  }

  /** One transition from state on c, recording terms that end there; returns the new state. */
  private int step(int state, char c, long[] found) {
    int v = table[state + classOf(c)];
    return v < 0 ? record(~v, found) : v;
  }

  private int record(int state, long[] found) {
    for (int k : ends[state / width]) {
      found[k >>> 6] |= 1L << k;
    }
    return state;
  }

  /** The exact definition, for bodies whose lower case depends on context. */
  private long[] scanCopy(String body) {
    String lower = body.toLowerCase(Locale.ROOT);
    long[] found = new long[words(terms.length)];
    for (int k = 0; k < terms.length; k++) {
      if (terms[k] != null && lower.contains(terms[k])) {
        found[k >>> 6] |= 1L << k;
      }
    }
    return found;
  }

  private int classOf(char c) {
    if (c < 128) {
      return asciiClass[c];
    }
    int k = Arrays.binarySearch(extra, c);
    return k < 0 ? 0 : extraClass[k];
  }

  static int words(int bits) {
    return (bits + 63) >>> 6;
  }
}
