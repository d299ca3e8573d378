package dev.airlock.proxy.detect;

import dev.airlock.proxy.text.TermTable;
import dev.airlock.proxy.text.TermTrie;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Aho–Corasick automaton over lower-cased ASCII keywords: one pass over a text tells which
 * keywords occur, so only the rules that can possibly match run their regex (gitleaks' prefilter).
 * The table ({@link TermTable}, shared with the policy engine's body-term scan) spans only the
 * chars keywords contain, so it stays in the first-level cache while the rest of a request's work
 * passes through it; every other char leads back to the root.
 */
final class KeywordMatcher {
  private static final int ALPHABET = 128;

  private final int keywordCount;
  private final TermTable table;

  /** @param keywords lower-case ASCII, non-empty; duplicates allowed (each keeps its own index) */
  KeywordMatcher(List<String> keywords) {
    this.keywordCount = keywords.size();
    TreeSet<Character> chars = new TreeSet<>();
    for (int k = 0; k < keywords.size(); k++) {
      String keyword = keywords.get(k);
      if (keyword.isEmpty() || !keyword.equals(keyword.toLowerCase(Locale.ROOT)) || !isAscii(keyword)
          || keyword.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("keywords[" + k + "]: \"" + keyword + "\" (expected: lower-case ASCII)");
      }
      for (int i = 0; i < keyword.length(); i++) {
        chars.add(keyword.charAt(i));
      }
    }
    int[] classes = TermTable.asciiClasses(chars);
    int width = 1 + chars.size();
    TermTrie trie = new TermTrie(width);
    for (int k = 0; k < keywords.size(); k++) {
      String keyword = keywords.get(k);
      int state = 0;
      for (int i = 0; i < keyword.length(); i++) {
        state = trie.child(state, classes[keyword.charAt(i)]);
      }
      trie.end(state, k);
    }
    int longest = keywords.stream().mapToInt(String::length).max().orElse(1);
    this.table = new TermTable(trie, width, classes, longest);
  }

  /**
   * What one pass over a text found.
   *
   * @param keywords indexes of the keywords that occur, ignoring ASCII case
   * @param digits how many ASCII digits the text holds
   */
  record Hits(BitSet keywords, int digits) {}

  Hits find(String text) {
    long[] found = new long[(keywordCount + 63) >>> 6];
    int digits = table.scanAsciiCountingDigits(text, found);
    if (digits < 0) {
      // Some char is not ASCII: no keyword contains it, so it leads back to the root.
      digits = 0;
      int at = 0;
      for (int i = 0, n = text.length(); i < n; i++) {
        char c = text.charAt(i);
        digits += TermTable.asciiDigit(c);
        at = table.step(at, classOf(c), found);
      }
    }
    return new Hits(BitSet.valueOf(found), digits);
  }

  /** The char's class; ASCII letters of either case share one, non-ASCII chars have class 0. */
  private int classOf(char c) {
    return c < ALPHABET ? table.asciiClass(c) : 0;
  }

  /** Receives one keyword occurrence. */
  interface Sink {
    void accept(int keyword, int end);
  }

  /** Reports every occurrence (keyword index, exclusive end offset), ignoring ASCII case. */
  void forEach(CharSequence text, Sink sink) {
    int at = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      at = table.link(at, classOf(text.charAt(i)));
      if (at < 0) {
        at = ~at;
        for (int k : table.endsAt(at)) {
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
