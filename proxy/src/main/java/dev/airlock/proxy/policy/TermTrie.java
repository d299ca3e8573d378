package dev.airlock.proxy.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The goto trie of {@link TermAutomaton} while building; {@link #links} makes it dense. */
final class TermTrie {
  private final int width;
  private final List<int[]> gotos = new ArrayList<>();
  final List<List<Integer>> ends = new ArrayList<>();

  TermTrie(int width) {
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
