package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A redacted document and how many spans of each class were replaced (overlapping findings
 * count once, under the most sensitive class among them).
 *
 * @param text the redacted document
 * @param counts replaced spans per class; classes with none are absent
 */
public record RedactionResult(String text, Map<DataClass, Integer> counts) {
  public RedactionResult {
    requireNonNull(text, "text");
    counts = Map.copyOf(requireNonNull(counts, "counts"));
  }

  public int count(DataClass dataClass) {
    return counts.getOrDefault(dataClass, 0);
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
