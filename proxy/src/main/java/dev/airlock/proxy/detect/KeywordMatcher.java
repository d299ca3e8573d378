package dev.airlock.proxy.detect;

import dev.airlock.proxy.text.TermTrie;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Aho–Corasick automaton over lower-cased ASCII keywords: one pass over a text tells which
 * keywords occur, so only the rules that can possibly match run their regex (gitleaks' prefilter).
 * The goto/failure functions are folded into one dense transition table, so the hot loop is an
 * array lookup per char.
 */
final class KeywordMatcher {
  private static final int ALPHABET = 128;
  /** Below this length, four lanes cost more in set-up than they save. */
  static final int LANES_FROM = 256;

  private final int keywordCount;
  /** Length of the longest keyword. */
  private final int longest;
  /**
   * Folded ASCII char to its class: 1.. for the chars keywords contain, 0 for every other char
   * (back to the root). Keeps the table as narrow as the keywords' alphabet, so that it stays in
   * the first-level cache while the rest of the request's work passes through it.
   */
  private final byte[] classes;
  /** Number of classes: the table's row width. */
  private final int width;
  /** Offsets (state * width) of the next state per class; {@code ~offset} where keywords end. */
  private final int[] transitions;
  /** Per state, the keywords ending there. */
  private final int[][] outputs;

  /** @param keywords lower-case ASCII, non-empty; duplicates allowed (each keeps its own index) */
  KeywordMatcher(List<String> keywords) {
    this.keywordCount = keywords.size();
    this.classes = classes(keywords);
    this.width = 1 + max(classes);
    TermTrie trie = new TermTrie(width);
    for (int k = 0; k < keywords.size(); k++) {
      String keyword = keywords.get(k);
      if (keyword.isEmpty() || !keyword.equals(keyword.toLowerCase(Locale.ROOT)) || !isAscii(keyword)
          || keyword.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("keywords[" + k + "]: \"" + keyword + "\" (expected: lower-case ASCII)");
      }
      int state = 0;
      for (int i = 0; i < keyword.length(); i++) {
        state = trie.child(state, classOf(keyword.charAt(i)));
      }
      trie.end(state, k);
    }
    this.longest = keywords.stream().mapToInt(String::length).max().orElse(1);
    this.transitions = trie.links();
    this.outputs = trie.endsArray();
  }

  /** Indexes of the keywords that occur in {@code text}, ignoring ASCII case. */
  BitSet find(String text) {
    BitSet found = new BitSet(keywordCount);
    int n = text.length();
    if (n < LANES_FROM || longest > n >>> 3) {
      finish(text, 0, 0, n, found);
      return found;
    }
    // Each step waits on the previous state's table load, so one walk leaves the core idle
    // between loads. Four walks over the four quarters of the text run side by side instead. Lane
    // k reports every keyword ending in its quarter: it starts early enough (longest - 1 chars
    // before the quarter) to read the whole of such a keyword from the root state. Keywords
    // ending in that lead-in are reported by the lane before too, which a set does not mind.
    int q = n >>> 2;
    int lead = longest - 1;
    int i0 = 0;
    int i1 = q - lead;
    int i2 = 2 * q - lead;
    int i3 = 3 * q - lead;
    int a0 = 0;
    int a1 = 0;
    int a2 = 0;
    int a3 = 0;
    while (i0 < q) {
      a0 = transitions[a0 + classOf(text.charAt(i0++))];
      a1 = transitions[a1 + classOf(text.charAt(i1++))];
      a2 = transitions[a2 + classOf(text.charAt(i2++))];
      a3 = transitions[a3 + classOf(text.charAt(i3++))];
      if ((a0 | a1 | a2 | a3) < 0) {
        a0 = settle(a0, found);
        a1 = settle(a1, found);
        a2 = settle(a2, found);
        a3 = settle(a3, found);
      }
    }
    // Lanes 1 to 3 started lead chars early, so each still has lead chars of its quarter to read.
    finish(text, a1, i1, 2 * q, found);
    finish(text, a2, i2, 3 * q, found);
    finish(text, a3, i3, n, found);
    return found;
  }

  /** Continues a walk in {@code state} at {@code from} up to {@code to}. */
  private void finish(String text, int state, int from, int to, BitSet found) {
    int at = state;
    for (int i = from; i < to; i++) {
      at = settle(transitions[at + classOf(text.charAt(i))], found);
    }
  }

  /** The state offset for a transition result, recording the keywords ending there. */
  private int settle(int at, BitSet found) {
    if (at >= 0) {
      return at;
    }
    int state = ~at;
    for (int k : outputs[state / width]) {
      found.set(k);
    }
    return state;
  }

  /** The char's class; ASCII letters of either case share one. */
  private int classOf(char c) {
    return c < ALPHABET ? classes[c] : 0;
  }

  private static byte[] classes(List<String> keywords) {
    byte[] classes = new byte[ALPHABET];
    int next = 1;
    for (String keyword : keywords) {
      for (int i = 0; i < keyword.length(); i++) {
        char c = keyword.charAt(i);
        if (c < ALPHABET && classes[c] == 0) {
          classes[c] = (byte) next++;
        }
      }
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      classes[c] = classes[c + ('a' - 'A')];
    }
    return classes;
  }

  private static int max(byte[] bytes) {
    int max = 0;
    for (byte b : bytes) {
      max = Math.max(max, b);
    }
    return max;
  }

  /** Receives one keyword occurrence. */
  interface Sink {
    void accept(int keyword, int end);
  }

  /** Reports every occurrence (keyword index, exclusive end offset), ignoring ASCII case. */
  void forEach(CharSequence text, Sink sink) {
    int at = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      at = transitions[at + classOf(text.charAt(i))];
      if (at < 0) {
        at = ~at;
        for (int k : outputs[at / width]) {
          sink.accept(k, i + 1);
        }
      }
    }
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= ALPHABET) {
        return false;
      }
    }
    return true;
  }
}
