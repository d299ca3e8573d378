package dev.airlock.proxy.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The goto trie of an Aho–Corasick automaton while it is built; {@link #links} turns it into one
 * dense transition table. Input characters are mapped to classes {@code 1..width-1} by the caller;
 * class 0 always returns to the root (characters no term contains). Shared by the policy engine's
 * body-term scan and the detectors' keyword prefilter.
 */
public final class TermTrie {
  private final int width;
  private final List<int[]> gotos = new ArrayList<>();
  private final List<List<Integer>> ends = new ArrayList<>();

  public TermTrie(int width) {
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

  /** The state reached from {@code state} on class {@code cls}, created when new. */
  public int child(int state, int cls) {
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
  public int[] links() {
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

  /** Term {@code term} ends in {@code state}. */
  public void end(int state, int term) {
    ends.get(state).add(term);
  }

  /** Per state, the terms that end there, suffixes included (valid after {@link #links}). */
  public int[][] endsArray() {
    int[][] out = new int[ends.size()][];
    for (int s = 0; s < out.length; s++) {
      out[s] = ends.get(s).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }
}
