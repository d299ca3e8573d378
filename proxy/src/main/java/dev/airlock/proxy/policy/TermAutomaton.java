package dev.airlock.proxy.policy;

import java.util.ArrayDeque;
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
final class TermAutomaton {
  private static final char CAPITAL_SIGMA = '\u03A3';
  private static final char CAPITAL_I_WITH_DOT = '\u0130';

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

  /** @param terms lower-cased with {@link Locale#ROOT}; duplicates and empty terms allowed */
  TermAutomaton(List<String> terms) {
    this.terms = terms.toArray(new String[0]);
    TreeSet<Character> chars = new TreeSet<>();
    for (String t : this.terms) {
      for (int i = 0; i < t.length(); i++) {
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
    Trie trie = new Trie(width);
    for (int k = 0; k < this.terms.length; k++) {
      String t = this.terms[k];
      if (t.isEmpty()) {
        alwaysFound[k >>> 6] |= 1L << k;
        continue;
      }
      int state = 0;
      for (int i = 0; i < t.length(); i++) {
        state = trie.child(state, classOf(t.charAt(i)));
      }
      trie.ends.get(state).add(k);
    }
    this.table = trie.links();
    this.ends = trie.endsArray();
  }

  int size() {
    return terms.length;
  }

  /** Bit k (in word k / 64) is set when term k occurs in the lower-cased body. */
  long[] scan(String body) {
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
      if (lower.contains(terms[k])) {
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

  /** The goto trie while building; {@link #links} turns it into the dense automaton. */
  private static final class Trie {
    private final int width;
    private final List<int[]> gotos = new ArrayList<>();
    final List<List<Integer>> ends = new ArrayList<>();

    Trie(int width) {
      this.width = width;
      add();
    }

    private int add() {
      int[] row = new int[width];
      Arrays.fill(row, -1);
      gotos.add(row);
      ends.add(new ArrayList<>());
      return gotos.size() - 1;
    }

    int child(int state, int cls) {
      if (gotos.get(state)[cls] < 0) {
        int created = add();
        gotos.get(state)[cls] = created;
      }
      return gotos.get(state)[cls];
    }

    /**
     * Dense transitions over state offsets (state * width): failure links are resolved ahead of
     * time, class 0 always returns to the root, and an entry is {@code ~offset} when terms end in
     * its target state.
     */
    int[] links() {
      int states = gotos.size();
      int[] fail = new int[states];
      int[] to = new int[states * width];
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      for (int c = 1; c < width; c++) {
        int child = gotos.get(0)[c];
        to[c] = Math.max(child, 0);
        if (child > 0) {
          queue.add(child);
        }
      }
      while (!queue.isEmpty()) {
        int s = queue.poll();
        ends.get(s).addAll(ends.get(fail[s]));
        for (int c = 1; c < width; c++) {
          int child = gotos.get(s)[c];
          if (child > 0) {
            fail[child] = to[fail[s] * width + c];
            to[s * width + c] = child;
            queue.add(child);
          } else {
            to[s * width + c] = to[fail[s] * width + c];
          }
        }
      }
      for (int i = 0; i < to.length; i++) {
        int target = to[i];
        to[i] = ends.get(target).isEmpty() ? target * width : ~(target * width);
      }
      return to;
    }

    int[][] endsArray() {
      int[][] out = new int[ends.size()][];
      for (int s = 0; s < out.length; s++) {
        out[s] = ends.get(s).stream().mapToInt(Integer::intValue).toArray();
      }
      return out;
    }
  }
}
