package dev.airlock.proxy.policy;

import dev.airlock.proxy.text.TermTable;
import dev.airlock.proxy.text.TermTrie;
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

  private final String[] terms;
  /** Sorted non-ASCII characters of the terms; class of {@code extra[k]} is {@code extraClass[k]}. */
  private final char[] extra;
  private final int[] extraClass;
  private final TermTable table;
  private final long[] alwaysFound;

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
    int[] asciiClass = TermTable.asciiClasses(chars);
    int next = 1 + (int) chars.stream().filter(c -> c < 128).count();
    List<Character> nonAscii = chars.stream().filter(c -> c >= 128).toList();
    this.extra = new char[nonAscii.size()];
    this.extraClass = new int[nonAscii.size()];
    for (int k = 0; k < extra.length; k++) {
      extra[k] = nonAscii.get(k);
      extraClass[k] = next++;
    }
    int width = next;
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
        state = trie.child(state, classOf(asciiClass, t.charAt(i)));
      }
      trie.end(state, k);
    }
    int longestTerm = Arrays.stream(this.terms).filter(t -> t != null).mapToInt(String::length).max().orElse(0);
    this.table = new TermTable(trie, width, asciiClass, longestTerm);
  }

  int size() {
    return terms.length;
  }

  @Override
  public long[] scan(String body) {
    long[] found = alwaysFound.clone();
    return table.scanAscii(body, found) ? found : scanInOrder(body);
  }

  /** One automaton over the whole body, lower-casing any character the way String does. */
  private long[] scanInOrder(String body) {
    long[] found = alwaysFound.clone();
    int state = 0;
    for (int i = 0, n = body.length(); i < n; i++) {
      char c = body.charAt(i);
      if (c < 128) {
        state = table.step(state, table.asciiClass(c), found);
      } else if (c == CAPITAL_SIGMA) {
        return scanCopy(body);
      } else if (c == CAPITAL_I_WITH_DOT) {
        // lower-cases to two characters: i and a combining dot
        state = table.step(state, classOf('i'), found);
        state = table.step(state, classOf('\u0307'), found);
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(body.charAt(i + 1))) {
        int cp = Character.toLowerCase(Character.toCodePoint(c, body.charAt(++i)));
        if (Character.isBmpCodePoint(cp)) {
          state = table.step(state, classOf((char) cp), found);
        } else {
          state = table.step(state, classOf(Character.highSurrogate(cp)), found);
          state = table.step(state, classOf(Character.lowSurrogate(cp)), found);
        }
      } else {
        state = table.step(state, classOf(Character.toLowerCase(c)), found);
      }
    }
    return found;
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
    return c < 128 ? table.asciiClass(c) : extraClassOf(c);
  }

  /** While the table is built, ASCII classes come from the array it will be built with. */
  private int classOf(int[] asciiClass, char c) {
    return c < 128 ? asciiClass[c] : extraClassOf(c);
  }

  private int extraClassOf(char c) {
    int k = Arrays.binarySearch(extra, c);
    return k < 0 ? 0 : extraClass[k];
  }

  static int words(int bits) {
    return (bits + 63) >>> 6;
  }
}
