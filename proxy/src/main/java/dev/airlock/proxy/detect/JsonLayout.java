package dev.airlock.proxy.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the strings, escapes and bare values (numbers, literals) of a JSON text are, found by one
 * lexical pass without building a tree. Used to move a redaction span onto whole escape sequences
 * inside one string, so the output stays valid JSON and untouched escapes stay byte-identical.
 * Malformed input is lexed on a best-effort basis (an unterminated string runs to the end).
 */
final class JsonLayout {
  private final Regions strings = new Regions();
  private final Regions escapes = new Regions();
  private final Regions bareValues = new Regions();

  JsonLayout(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"') {
        int j = i + 1;
        while (j < n && text.charAt(j) != '"') {
          if (text.charAt(j) == '\\') {
            int len = Math.max(2, JsonUnescape.escapeLength(text, j));
            escapes.add(j, Math.min(n, j + len));
            j += len;
          } else {
            j++;
          }
        }
        strings.add(i + 1, Math.min(j, n));
        i = j + 1;
      } else if (isBareChar(c)) {
        int start = i;
        while (i < n && isBareChar(text.charAt(i))) {
          i++;
        }
        bareValues.add(start, i);
      } else {
        i++;
      }
    }
  }

  private static boolean isBareChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '-' || c == '+' || c == '.';
  }

  /**
   * The pieces of {@code span} that can be replaced: its part inside each string it touches,
   * widened to whole escapes, and every bare value it touches, whole and to be quoted. Structural
   * characters and quotes are never part of a piece.
   */
  List<Span> pieces(Span span) {
    List<Span> out = new ArrayList<>(2);
    for (int k = strings.firstEndingAfter(span.start()); k < strings.size() && strings.start(k) < span.end(); k++) {
      int start = Math.max(span.start(), strings.start(k));
      int end = Math.min(span.end(), strings.end(k));
      int esc = escapes.containing(start);
      if (esc >= 0) {
        start = escapes.start(esc);
      }
      esc = escapes.containing(end);
      if (esc >= 0) {
        end = Math.min(escapes.end(esc), strings.end(k));
      }
      if (start < end) {
        out.add(new Span(start, end, span.dataClass(), false));
      }
    }
    for (int k = bareValues.firstEndingAfter(span.start()); k < bareValues.size() && bareValues.start(k) < span.end(); k++) {
      out.add(new Span(bareValues.start(k), bareValues.end(k), span.dataClass(), true));
    }
    return out;
  }

  /** Sorted, non-overlapping [start, end) regions in growable arrays. */
  private static final class Regions {
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int size;

    void add(int start, int end) {
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        ends = Arrays.copyOf(ends, size * 2);
      }
      starts[size] = start;
      ends[size] = end;
      size++;
    }

    int size() {
      return size;
    }

    int start(int k) {
      return starts[k];
    }

    int end(int k) {
      return ends[k];
    }

    /** Index of the first region whose end is after {@code pos}. */
    int firstEndingAfter(int pos) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ends[mid] <= pos) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** Index of the region strictly containing {@code pos} (start < pos < end), or -1. */
    int containing(int pos) {
      int k = firstEndingAfter(pos);
      return k < size && starts[k] < pos ? k : -1;
    }
  }
}
