package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request's risk score with how it came about.
 *
 * @param score noisy-OR of the weights of the signals present, 0..1
 * @param band severity band of the score
 * @param signals every signal by wire name with the weight it contributed (0 when absent), in
 *     declaration order
 */
public record RiskAssessment(double score, Severity band, Map<String, Double> signals) {
  public RiskAssessment {
    requireNonNull(band, "band");
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score: " + score + " (expected: 0..1)");
    }
    // Keeps the declaration order, which a plain Map.copyOf would lose.
    signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
  }
}
