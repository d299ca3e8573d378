package dev.airlock.proxy.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the raw findings of all detectors and decoded views into one sorted list:
 * overlapping findings of the same detector become one; at an identical span only the most
 * specific finding stays; and anything lying inside a more specific secret is dropped, because
 * the secret decides what happens to that span anyway (an e-mail inside a JWT's payload, the
 * generic assignment whose value is an AWS key).
 */
final class FindingMerger {
  private static final int SPECIFIC_SECRET = 3;
  private static final int GENERIC_SECRET = 2;
  private static final String GENERIC_ID = "SECRETS.generic_api_key";

  private FindingMerger() {}

  static int specificity(Finding f) {
    return switch (f.dataClass()) {
      case SECRETS -> f.detectorId().equals(GENERIC_ID) ? GENERIC_SECRET : SPECIFIC_SECRET;
      case PII -> 1;
      case INTERNAL -> 0;
    };
  }

  static List<Finding> merge(List<Finding> raw) {
    if (raw.isEmpty()) {
      return List.of();
    }
    List<Finding> unioned = unionPerDetector(raw);
    unioned.sort(Comparator.comparingInt(Finding::start)
        .thenComparing(Comparator.comparingInt(Finding::end).reversed())
        .thenComparing(Comparator.comparingInt(FindingMerger::specificity).reversed())
        .thenComparing(Finding::detectorId));
    List<Finding> kept = new ArrayList<>(unioned.size());
    int specificSecretEnd = -1;
    int genericSecretEnd = -1;
    Finding previous = null;
    for (Finding f : unioned) {
      int rank = specificity(f);
      boolean sameSpan = previous != null && previous.start() == f.start() && previous.end() == f.end();
      boolean insideSecret = (rank < SPECIFIC_SECRET && f.end() <= specificSecretEnd)
          || (rank < GENERIC_SECRET && f.end() <= genericSecretEnd);
      if (sameSpan || insideSecret) {
        continue;
      }
      kept.add(f);
      previous = f;
      if (rank == SPECIFIC_SECRET) {
        specificSecretEnd = Math.max(specificSecretEnd, f.end());
      } else if (rank == GENERIC_SECRET) {
        genericSecretEnd = Math.max(genericSecretEnd, f.end());
      }
    }
    kept.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end).thenComparing(Finding::detectorId));
    return List.copyOf(kept);
  }

  private static List<Finding> unionPerDetector(List<Finding> raw) {
    List<Finding> sorted = new ArrayList<>(raw);
    sorted.sort(Comparator.comparing(Finding::detectorId).thenComparingInt(Finding::start));
    List<Finding> out = new ArrayList<>(sorted.size());
    Finding current = null;
    for (Finding f : sorted) {
      if (current != null && current.detectorId().equals(f.detectorId()) && f.start() < current.end()) {
        if (f.end() > current.end()) {
          current = new Finding(current.dataClass(), current.detectorId(), current.start(), f.end());
        }
        continue;
      }
      if (current != null) {
        out.add(current);
      }
      current = f;
    }
    out.add(current);
    return out;
  }
}
