package dev.airlock.admin.policies;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines (Myers' algorithm), as {@code diff -u} prints it. Past
 * {@link #MAX_EDITS} differing lines the middle is shown as removed and re-added whole: still a
 * correct diff, only not the shortest, and the work stays bounded for any input.
 */
final class LineDiff {
  static final int MAX_EDITS = 1000;
  private static final int CONTEXT = 3;

  private LineDiff() {}

  /** The unified diff, or "" when the texts are equal. */
  static String unified(String before, String after, String beforeLabel, String afterLabel) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    if (a.equals(b)) {
      return "";
    }
    List<Edit> edits = edits(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(beforeLabel).append('\n').append("+++ ").append(afterLabel).append('\n');
    // Each change shows CONTEXT lines around it; changes whose context touches share a hunk.
    List<int[]> hunks = new ArrayList<>();
    for (int i = 0; i < edits.size(); i++) {
      if (edits.get(i).tag == ' ') {
        continue;
      }
      int from = Math.max(0, i - CONTEXT);
      int to = Math.min(edits.size() - 1, i + CONTEXT);
      int[] last = hunks.isEmpty() ? null : hunks.get(hunks.size() - 1);
      if (last != null && from <= last[1] + 1) {
        last[1] = to;
      } else {
        hunks.add(new int[] {from, to});
      }
    }
    for (int[] h : hunks) {
      hunk(out, edits.subList(h[0], h[1] + 1));
    }
    return out.toString();
  }

  private static void hunk(StringBuilder out, List<Edit> edits) {
    int aStart = -1;
    int bStart = -1;
    int aLen = 0;
    int bLen = 0;
    for (Edit e : edits) {
      if (e.tag != '+') {
        aStart = aStart < 0 ? e.a : aStart;
        aLen++;
      }
      if (e.tag != '-') {
        bStart = bStart < 0 ? e.b : bStart;
        bLen++;
      }
    }
    Edit first = edits.get(0);
    out.append("@@ -").append(range(aLen == 0 ? first.a : aStart + 1, aLen))
        .append(" +").append(range(bLen == 0 ? first.b : bStart + 1, bLen)).append(" @@\n");
    for (Edit e : edits) {
      out.append(e.tag).append(e.text).append('\n');
    }
  }

  private static String range(int start, int length) {
    return length == 1 ? Integer.toString(start) : start + "," + length;
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /**
   * One line of the edit script.
   *
   * @param tag ' ' kept, '-' removed, '+' added
   * @param a index in the old text of a kept or removed line; for an added line, how many old
   *     lines precede it
   * @param b likewise in the new text
   */
  private record Edit(char tag, String text, int a, int b) {}

  private static List<Edit> edits(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<Edit> out = new ArrayList<>();
    for (int i = 0; i < prefix; i++) {
      out.add(new Edit(' ', a.get(i), i, i));
    }
    List<String> am = a.subList(prefix, a.size() - suffix);
    List<String> bm = b.subList(prefix, b.size() - suffix);
    List<Edit> middle = myers(am, bm);
    if (middle == null) {
      middle = new ArrayList<>();
      for (int i = 0; i < am.size(); i++) {
        middle.add(new Edit('-', am.get(i), i, 0));
      }
      for (int j = 0; j < bm.size(); j++) {
        middle.add(new Edit('+', bm.get(j), am.size(), j));
      }
    }
    for (Edit e : middle) {
      out.add(new Edit(e.tag, e.text, e.a + prefix, e.b + prefix));
    }
    for (int i = suffix; i > 0; i--) {
      int ai = a.size() - i;
      int bi = b.size() - i;
      out.add(new Edit(' ', a.get(ai), ai, bi));
    }
    return out;
  }

  /** The shortest edit script, or null when it needs more than {@link #MAX_EDITS} edits. */
  private static List<Edit> myers(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int max = Math.min(n + m, MAX_EDITS);
    // v[k + offset]: the furthest x reached on diagonal k; each round's v is kept for the way back.
    int offset = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> rounds = new ArrayList<>();
    for (int d = 0; d <= max; d++) {
      int[] snapshot = new int[2 * d + 3];
      System.arraycopy(v, offset - d - 1, snapshot, 0, snapshot.length);
      rounds.add(snapshot);
      for (int k = -d; k <= d; k += 2) {
        int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
            ? v[offset + k + 1] : v[offset + k - 1] + 1;
        int y = x - k;
        while (x < n && y < m && a.get(x).equals(b.get(y))) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) {
          return backtrack(a, b, rounds);
        }
      }
    }
    return null;
  }

  private static List<Edit> backtrack(List<String> a, List<String> b, List<int[]> rounds) {
    List<Edit> reversed = new ArrayList<>();
    int x = a.size();
    int y = b.size();
    for (int d = rounds.size() - 1; d >= 0; d--) {
      int[] v = rounds.get(d);
      int k = x - y;
      int prevK = k == -d || (k != d && at(v, d, k - 1) < at(v, d, k + 1)) ? k + 1 : k - 1;
      int prevX = at(v, d, prevK);
      int prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        reversed.add(new Edit(' ', a.get(x - 1), x - 1, y - 1));
        x--;
        y--;
      }
      if (d > 0) {
        if (x == prevX) {
          reversed.add(new Edit('+', b.get(y - 1), x, y - 1));
        } else {
          reversed.add(new Edit('-', a.get(x - 1), x - 1, y));
        }
      }
      x = prevX;
      y = prevY;
    }
    List<Edit> out = new ArrayList<>(reversed.size());
    for (int i = reversed.size() - 1; i >= 0; i--) {
      out.add(reversed.get(i));
    }
    return out;
  }

  /** v[k] of round d's snapshot, which holds diagonals -d-1..d+1. */
  private static int at(int[] snapshot, int d, int k) {
    return snapshot[k + d + 1];
  }
}
