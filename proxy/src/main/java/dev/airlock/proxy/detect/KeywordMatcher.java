package dev.airlock.proxy.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
  private final int[] transitions;
  private final int[][] outputs;

  /** @param keywords lower-case ASCII, non-empty; duplicates allowed (each keeps its own index) */
  KeywordMatcher(List<String> keywords) {
    this.keywordCount = keywords.size();
    List<int[]> gotos = new ArrayList<>();
    List<BitSet> outs = new ArrayList<>();
    gotos.add(newRow());
    outs.add(new BitSet());
    for (int k = 0; k < keywords.size(); k++) {
      String keyword = keywords.get(k);
      if (keyword.isEmpty() || !keyword.equals(keyword.toLowerCase(Locale.ROOT)) || !isAscii(keyword)) {
        throw new IllegalArgumentException("keywords[" + k + "]: \"" + keyword + "\" (expected: lower-case ASCII)");
      }
      int state = 0;
      for (int i = 0; i < keyword.length(); i++) {
        int c = keyword.charAt(i);
        if (gotos.get(state)[c] < 0) {
          gotos.get(state)[c] = gotos.size();
          gotos.add(newRow());
          outs.add(new BitSet());
        }
        state = gotos.get(state)[c];
      }
      outs.get(state).set(k);
    }
    int states = gotos.size();
    int[] fail = new int[states];
    transitions = new int[states * ALPHABET];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      int next = gotos.get(0)[c];
      transitions[c] = Math.max(next, 0);
      if (next > 0) {
        queue.add(next);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      outs.get(state).or(outs.get(fail[state]));
      for (int c = 0; c < ALPHABET; c++) {
        int next = gotos.get(state)[c];
        if (next > 0) {
          fail[next] = transitions[fail[state] * ALPHABET + c];
          transitions[state * ALPHABET + c] = next;
          queue.add(next);
        } else {
          transitions[state * ALPHABET + c] = transitions[fail[state] * ALPHABET + c];
        }
      }
    }
    outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      BitSet out = outs.get(s);
      outputs[s] = out.isEmpty() ? null : out.stream().toArray();
    }
  }

  /** Indexes of the keywords that occur in {@code text}, ignoring ASCII case. */
  BitSet find(CharSequence text) {
    BitSet found = new BitSet(keywordCount);
    int remaining = keywordCount;
    int state = 0;
    for (int i = 0, n = text.length(); i < n && remaining > 0; i++) {
      state = step(state, text.charAt(i));
      int[] out = outputs[state];
      if (out != null) {
        for (int k : out) {
          if (!found.get(k)) {
            found.set(k);
            remaining--;
          }
        }
      }
    }
    return found;
  }

  /** The automaton's next state, ignoring ASCII case; characters outside the alphabet reset it. */
  private int step(int state, char c) {
    if (c >= ALPHABET) {
      return 0;
    }
    if (c >= 'A' && c <= 'Z') {
      c = (char) (c + ('a' - 'A'));
    }
    return transitions[state * ALPHABET + c];
  }

  /** Receives one keyword occurrence. */
  interface Sink {
    void accept(int keyword, int end);
  }

  /** Reports every occurrence (keyword index, exclusive end offset), ignoring ASCII case. */
  void forEach(CharSequence text, Sink sink) {
    int state = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      state = step(state, text.charAt(i));
      int[] out = outputs[state];
      if (out != null) {
        for (int k : out) {
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

  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }
}
