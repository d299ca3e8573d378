package dev.airlock.proxy.policy;

import dev.airlock.proxy.normalize.Verb;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic risk score over request facts: noisy-OR {@code 1 - Π(1 - wᵢ)} over the signals
 * present. Signals that need history or feeds (new destination, threat intel, off hours, burst)
 * are not part of this model yet.
 */
public final class RiskModel {
  // An immutable view, because Enum.values() would allocate a fresh array on every decision.
  private static final List<RiskSignal> SIGNALS = List.of(RiskSignal.values());
  private final double[] weights;

  /** @param weights weight per signal, each 0..1; missing signals use their default weight */
  public RiskModel(Map<RiskSignal, Double> weights) {
    this.weights = new double[RiskSignal.values().length];
    for (RiskSignal signal : RiskSignal.values()) {
      Double w = weights.getOrDefault(signal, signal.defaultWeight());
      if (w == null || !(w >= 0.0 && w <= 1.0)) {
        throw new IllegalArgumentException(
            "risk.weights." + signal.wireName() + ": " + w + " (expected: 0..1)");
      }
      this.weights[signal.ordinal()] = w;
    }
  }

  public static RiskModel defaults() {
    return new RiskModel(new EnumMap<>(RiskSignal.class));
  }

  /** LOW < 0.3 ≤ MEDIUM < 0.6 ≤ HIGH < 0.85 ≤ CRITICAL. */
  public static Severity band(double score) {
    return score >= 0.85 ? Severity.CRITICAL
        : score >= 0.6 ? Severity.HIGH
        : score >= 0.3 ? Severity.MEDIUM
        : Severity.LOW;
  }

  /** The score with every signal, for traces. */
  public RiskAssessment score(RequestFacts facts) {
    Map<String, Double> signals = new LinkedHashMap<>();
    for (RiskSignal signal : RiskSignal.values()) {
      signals.put(signal.wireName(), present(signal, facts) ? weights[signal.ordinal()] : 0.0);
    }
    double score = probability(facts);
    return new RiskAssessment(score, band(score), signals);
  }

  /** The score alone, without allocating: what the decision path needs. */
  double probability(RequestFacts facts) {
    double none = 1.0;
    for (int i = 0; i < SIGNALS.size(); i++) {
      RiskSignal signal = SIGNALS.get(i);
      if (present(signal, facts)) {
        none *= 1.0 - weights[signal.ordinal()];
      }
    }
    return 1.0 - none;
  }

  private static boolean present(RiskSignal signal, RequestFacts facts) {
    return switch (signal) {
      case SENSITIVE_DATA_EGRESS -> !facts.findings().isEmpty();
      case EXTERNAL_PRINCIPAL -> facts.externalPrincipal();
      case WRITE_VERB -> facts.verb() == Verb.WRITE;
      case ADMIN_VERB -> facts.verb() == Verb.ADMIN;
    };
  }
}
