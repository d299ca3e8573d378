package dev.airlock.proxy.text;

import java.util.Collection;

/**
 * A finished Aho–Corasick automaton over character classes ({@link TermTrie#links}) and the walk
 * over ASCII text that the policy engine's body-term scan and the detectors' keyword prefilter
 * share. Found terms are bits of a {@code long[]} in the terms' own numbering.
 */
public final class TermTable {
  /** Below this length, splitting text into lanes costs more than it saves. */
  public static final int LANES_FROM = 64;

  private final int[] links;
  private final int[][] ends;
  private final int width;
  private final int[] asciiClass;
  private final int overlap;

  /**
   * @param asciiClass class of each ASCII char, as built by {@link #asciiClasses}
   * @param longestTerm length of the longest term (lanes overlap by one less)
   */
  public TermTable(TermTrie trie, int width, int[] asciiClass, int longestTerm) {
    this.links = trie.links();
    this.ends = trie.endsArray();
    this.width = width;
    this.asciiClass = asciiClass.clone();
    this.overlap = Math.max(0, longestTerm - 1);
  }

  /**
   * Classes 1, 2, … for the ASCII chars among {@code termChars}, in their iteration order, 0 for
   * every other ASCII char; upper-case letters take their lower-case letter's class, so walks fold
   * ASCII case for free.
   */
  public static int[] asciiClasses(Collection<Character> termChars) {
    int[] classes = new int[128];
    int next = 1;
    for (char c : termChars) {
      if (c < 128 && classes[c] == 0) {
        classes[c] = next++;
      }
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      classes[c] = classes[c + ('a' - 'A')];
    }
    return classes;
  }

  /** The class of an ASCII char. */
  public int asciiClass(char c) {
    return asciiClass[c];
  }

  /** The raw transition from a state offset on a class: {@code ~offset} when terms end there. */
  public int link(int state, int cls) {
    return links[state + cls];
  }

  /** The terms ending in the state at {@code offset}, suffixes included. */
  public int[] endsAt(int offset) {
    return ends[offset / width];
  }

  /** One transition, recording the terms that end in the new state; returns its offset. */
  public int step(int state, int cls, long[] found) {
    int v = links[state + cls];
    return v < 0 ? record(~v, found) : v;
  }

  /**
   * Records every term occurring in {@code text}, read with ASCII case folded. Long texts are read
   * as four quarters side by side: each step of one walk waits on a table load, so four independent
   * ones keep the core busy. A quarter's walk runs on into the next by the longest term length
   * minus one, so no occurrence is lost at a boundary.
   *
   * @return false as soon as a non-ASCII char shows up; {@code found} then holds only part of the
   *     answer and the caller reads the text its own way
   */
  public boolean scanAscii(String text, long[] found) {
    return scan(text, found, false) >= 0;
  }

  /**
   * {@link #scanAscii}, counting the ASCII digits in the same pass (the detectors' digit gate),
   * which spares a second pass over the text.
   *
   * @return the number of ASCII digits in {@code text}, or -1 as {@link #scanAscii} returns false
   */
  public int scanAsciiCountingDigits(String text, long[] found) {
    return scan(text, found, true);
  }

  /** 1 for an ASCII digit, else 0, without a branch. */
  public static int asciiDigit(char c) {
    return Integer.compareUnsigned(c - '0', 10) < 0 ? 1 : 0;
  }

  // countDigits is the same for a whole call: the JIT takes the test out of the loops.
  private int scan(String text, long[] found, boolean countDigits) {
    int n = text.length();
    if (n < LANES_FROM) {
      return walkAscii(text, 0, 0, n, found, countDigits);
    }
    int q = n >>> 2;
    int b1 = q;
    int b2 = 2 * q;
    int b3 = 3 * q;
    int s0 = 0;
    int s1 = 0;
    int s2 = 0;
    int s3 = 0;
    int digits = 0;
    for (int j = 0; j < q; j++) {
      char c0 = text.charAt(j);
      char c1 = text.charAt(b1 + j);
      char c2 = text.charAt(b2 + j);
      char c3 = text.charAt(b3 + j);
      if ((c0 | c1 | c2 | c3) >= 128) {
        return -1;
      }
      if (countDigits) {
        digits += asciiDigit(c0) + asciiDigit(c1) + asciiDigit(c2) + asciiDigit(c3);
      }
      int v0 = links[s0 + asciiClass[c0]];
      int v1 = links[s1 + asciiClass[c1]];
      int v2 = links[s2 + asciiClass[c2]];
      int v3 = links[s3 + asciiClass[c3]];
      s0 = v0 < 0 ? record(~v0, found) : v0;
      s1 = v1 < 0 ? record(~v1, found) : v1;
      s2 = v2 < 0 ? record(~v2, found) : v2;
      s3 = v3 < 0 ? record(~v3, found) : v3;
    }
    // The overlaps re-read chars the next lane has counted already: only the tail adds digits.
    if (walkAscii(text, s0, b1, Math.min(n, b1 + overlap), found, false) < 0
        || walkAscii(text, s1, b2, Math.min(n, b2 + overlap), found, false) < 0
        || walkAscii(text, s2, b3, Math.min(n, b3 + overlap), found, false) < 0) {
      return -1;
    }
    int tail = walkAscii(text, s3, 4 * q, n, found, countDigits);
    return tail < 0 ? -1 : digits + tail;
  }

  /** Walks {@code [from, to)}; returns the ASCII digits in it (if counted), or -1 at a non-ASCII char. */
  private int walkAscii(String text, int state, int from, int to, long[] found, boolean countDigits) {
    int digits = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        return -1;
      }
      if (countDigits) {
        digits += asciiDigit(c);
      }
      int v = links[state + asciiClass[c]];
      state = v < 0 ? record(~v, found) : v;
    }
    return digits;
  }

  private int record(int state, long[] found) {
    for (int k : ends[state / width]) {
      found[k >>> 6] |= 1L << k;
    }
    return state;
  }
}
