package dev.airlock.proxy.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wu–Manber search for a few ASCII terms of at least {@link #MIN_LENGTH} characters, ignoring
 * ASCII case. Instead of reading every character like {@link TermAutomaton}, it looks at the last
 * two characters of a window as long as the shortest term and jumps ahead by how far that pair is
 * from the end of any term's prefix, so a body without the terms is read only every few
 * characters.
 *
 * <p>Matching ASCII terms against {@code body.toLowerCase(Locale.ROOT)} is the same as comparing
 * ASCII characters ignoring case, except for the only two characters that lower-case into ASCII
 * (dotted capital I and Kelvin sign); bodies holding either go to the exact {@link #fallback}.
 */
final class SkipScanner implements TermScanner {
  /** Shorter terms would cap every shift at two characters; the automaton serves them instead. */
  static final int MIN_LENGTH = 4;
  private static final int BLOCK_BITS = 7;
  private static final char CAPITAL_I_WITH_DOT = '\u0130';
  private static final char KELVIN_SIGN = '\u212A';
  /** Below this length, splitting the body costs more than it saves. */
  static final int LANES_FROM = 128;

  /** Terms in snapshot numbering; null where not searched. */
  private final String[] terms;
  private final int words;
  private final int window;
  /** How far the window may move when it ends in a given pair of folded characters. */
  private final byte[] shift;
  /** Pairs ending some term's prefix, sorted, and the terms ending in each. */
  private final int[] finalPairs;
  private final int[][] candidates;
  private final TermScanner fallback;

  /**
   * @param terms lower-cased terms in snapshot numbering, null where not searched; every other
   *     term must pass {@link #accepts}
   * @param fallback answers the same terms exactly for bodies this search cannot fold
   */
  SkipScanner(String[] terms, TermScanner fallback) {
    this.terms = terms.clone();
    this.words = TermAutomaton.words(terms.length);
    this.fallback = fallback;
    int shortest = Integer.MAX_VALUE;
    for (String t : terms) {
      if (t != null) {
        shortest = Math.min(shortest, t.length());
      }
    }
    // Shifts are stored in a byte; longer windows would rarely shift further anyway.
    this.window = Math.min(shortest, 64);
    this.shift = new byte[1 << (2 * BLOCK_BITS)];
    Arrays.fill(shift, (byte) (window - 1));
    List<int[]> ends = new ArrayList<>();
    for (int k = 0; k < terms.length; k++) {
      String t = terms[k];
      if (t == null) {
        continue;
      }
      for (int q = 1; q < window; q++) {
        int pair = pair(t.charAt(q - 1), t.charAt(q));
        shift[pair] = (byte) Math.min(shift[pair], window - 1 - q);
      }
      ends.add(new int[] {pair(t.charAt(window - 2), t.charAt(window - 1)), k});
    }
    ends.sort((a, b) -> Integer.compare(a[0], b[0]));
    this.finalPairs = ends.stream().mapToInt(e -> e[0]).distinct().toArray();
    this.candidates = new int[finalPairs.length][];
    for (int p = 0; p < finalPairs.length; p++) {
      int pair = finalPairs[p];
      candidates[p] = ends.stream().filter(e -> e[0] == pair).mapToInt(e -> e[1]).toArray();
    }
  }

  /** Whether a lower-cased term can be searched by this class. */
  static boolean accepts(String term) {
    if (term.length() < MIN_LENGTH) {
      return false;
    }
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (c == 0 || c >= 128) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long[] scan(String body) {
    // For a Latin-1 body both lookups return at once without reading it.
    if (body.indexOf(CAPITAL_I_WITH_DOT) >= 0 || body.indexOf(KELVIN_SIGN) >= 0) {
      return fallback.scan(body);
    }
    long[] found = new long[words];
    int n = body.length();
    if (n < LANES_FROM) {
      scanLane(body, window - 1, n, found);
      return found;
    }
    // Four quarters side by side: each step waits on two loads and a table lookup, so four
    // independent windows keep the core busy. Lane k tries every window starting in quarter k.
    int q = n >>> 2;
    int w = window - 1;
    int l0 = q + w;
    int l1 = 2 * q + w;
    int l2 = Math.min(n, 3 * q + w);
    int e0 = w;
    int e1 = q + w;
    int e2 = 2 * q + w;
    int e3 = 3 * q + w;
    while (e0 < l0 && e1 < l1 && e2 < l2 && e3 < n) {
      int s0 = shift[pair(body.charAt(e0 - 1), body.charAt(e0))];
      int s1 = shift[pair(body.charAt(e1 - 1), body.charAt(e1))];
      int s2 = shift[pair(body.charAt(e2 - 1), body.charAt(e2))];
      int s3 = shift[pair(body.charAt(e3 - 1), body.charAt(e3))];
      e0 += s0 > 0 ? s0 : verify(body, e0, found);
      e1 += s1 > 0 ? s1 : verify(body, e1, found);
      e2 += s2 > 0 ? s2 : verify(body, e2, found);
      e3 += s3 > 0 ? s3 : verify(body, e3, found);
    }
    scanLane(body, e0, l0, found);
    scanLane(body, e1, l1, found);
    scanLane(body, e2, l2, found);
    scanLane(body, e3, n, found);
    return found;
  }

  /** Tries every window ending in [end, limit), limit at most the body length. */
  private void scanLane(String body, int end, int limit, long[] found) {
    while (end < limit) {
      int s = shift[pair(body.charAt(end - 1), body.charAt(end))];
      end += s > 0 ? s : verify(body, end, found);
    }
  }

  /**
   * Checks the terms whose prefix ends in the pair the window ends in, recording those found.
   *
   * @return 1, the shift after a verified window
   */
  private int verify(String body, int end, long[] found) {
    int p = Arrays.binarySearch(finalPairs, pair(body.charAt(end - 1), body.charAt(end)));
    if (p < 0) {
      return 1;
    }
    int start = end - window + 1;
    for (int k : candidates[p]) {
      if ((found[k >>> 6] & (1L << k)) == 0 && occursAt(terms[k], body, start)) {
        found[k >>> 6] |= 1L << k;
      }
    }
    return 1;
  }

  private static boolean occursAt(String term, String body, int start) {
    int len = term.length();
    if (start + len > body.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (fold(body.charAt(start + i)) != term.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** ASCII lower case; any other character becomes one no term contains. */
  private static char fold(char c) {
    if (c >= 128) {
      return 0;
    }
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /**
   * The table index of two adjacent characters, folded by setting bit 5 (which lower-cases ASCII
   * letters) and masking to 7 bits, with no test or table load on the way. This also merges a few
   * other characters (such as {@code @} with a backquote, or anything outside ASCII with some
   * ASCII character); that is safe, since terms are folded the same way: a merged entry keeps the
   * smallest shift of its members, which never skips a match, and a window that lands on a zero
   * shift is still verified with the exact {@link #fold}.
   */
  private static int pair(char a, char b) {
    return (((a | 0x20) & 0x7F) << BLOCK_BITS) | ((b | 0x20) & 0x7F);
  }
}
