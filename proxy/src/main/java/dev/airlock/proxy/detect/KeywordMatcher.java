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

  private final int keywordCount;
  /** Offsets (state * ALPHABET) of the next state per char; {@code ~offset} where keywords end. */
  private final int[] transitions;
  /** Per state, the keywords ending there. */
  private final int[][] outputs;

  /** @param keywords lower-case ASCII, non-empty; duplicates allowed (each keeps its own index) */
  KeywordMatcher(List<String> keywords) {
    this.keywordCount = keywords.size();
    TermTrie trie = new TermTrie(ALPHABET);
    for (int k = 0; k < keywords.size(); k++) {
      String keyword = keywords.get(k);
      if (keyword.isEmpty() || !keyword.equals(keyword.toLowerCase(Locale.ROOT)) || !isAscii(keyword)
          || keyword.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("keywords[" + k + "]: \"" + keyword + "\" (expected: lower-case ASCII)");
      }
      int state = 0;
      for (int i = 0; i < keyword.length(); i++) {
        state = trie.child(state, keyword.charAt(i));
      }
      trie.end(state, k);
    }
    this.transitions = trie.links();
    this.outputs = trie.endsArray();
  }

  /** Indexes of the keywords that occur in {@code text}, ignoring ASCII case. */
  BitSet find(CharSequence text) {
    BitSet found = new BitSet(keywordCount);
    int remaining = keywordCount;
    int at = 0;
    for (int i = 0, n = text.length(); i < n && remaining > 0; i++) {
      at = transitions[at + classOf(text.charAt(i))];
      if (at < 0) {
        at = ~at;
        for (int k : outputs[at / ALPHABET]) {
          if (!found.get(k)) {
            found.set(k);
            remaining--;
          }
        }
      }
    }
    return found;
  }

  /** The char's class: ASCII folded to lower case; anything else is class 0, back to the root. */
  private static int classOf(char c) {
    if (c >= ALPHABET) {
      return 0;
    }
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
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
        for (int k : outputs[at / ALPHABET]) {
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
