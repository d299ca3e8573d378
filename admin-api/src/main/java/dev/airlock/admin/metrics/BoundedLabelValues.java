package dev.airlock.admin.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits at most {@code max} distinct values of one label; later newcomers read as {@link #OTHER}.
 * Tool names include the registrable domain of every unknown host agents call, an unbounded set,
 * and each distinct label value is a series the scraper keeps forever.
 */
final class BoundedLabelValues {
  static final String OTHER = "other";

  private final int max;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  BoundedLabelValues(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
    }
    this.max = max;
  }

  /** {@code value} itself when admitted (now or before), else {@link #OTHER}. */
  String admit(String value) {
    if (admitted.contains(value)) {
      return value;
    }
    synchronized (this) {
      if (admitted.contains(value) || admitted.size() < max) {
        admitted.add(value);
        return value;
      }
    }
    return OTHER;
  }

  int size() {
    return admitted.size();
  }
}
