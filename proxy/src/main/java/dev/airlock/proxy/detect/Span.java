package dev.airlock.proxy.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A stretch of text to replace and the class named in its replacement.
 *
 * @param quote whether the replacement must be written as a JSON string (it replaces a number
 *     or literal, not chars inside a string)
 */
record Span(int start, int end, DataClass dataClass, boolean quote) {

  /** The more sensitive of two classes; SECRETS is declared first. */
  static DataClass moreSensitive(DataClass a, DataClass b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }

  /** Sorts by start and unions overlapping spans, keeping the more sensitive class. */
  static List<Span> union(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
    List<Span> out = new ArrayList<>(sorted.size());
    for (Span s : sorted) {
      if (!out.isEmpty() && s.start() < out.get(out.size() - 1).end()) {
        Span last = out.remove(out.size() - 1);
        out.add(new Span(last.start(), Math.max(last.end(), s.end()),
            moreSensitive(last.dataClass(), s.dataClass()), last.quote() || s.quote()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
