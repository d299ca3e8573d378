package dev.airlock.proxy.policy;

import dev.airlock.proxy.normalize.Verb;
import java.util.EnumMap;
import java.util.Map;

/**
 * Deterministic risk score over request facts and observations: noisy-OR {@code 1 - Π(1 - wᵢ)}
 * over the signals present (SPEC §4.2). off_hours is present only when working hours are
 * configured and the request's time falls outside them.
 */
public final class RiskModel {
  private static final RiskSignal[] SIGNALS = RiskSignal.values();
  private final double[] weights;
  private final TimeWindow workingHours;

  /** @param weights weight per signal, each 0..1; missing signals use their default weight */
  public RiskModel(Map<RiskSignal, Double> weights) {
    this(weights, null);
  }

  /**
   * @param weights weight per signal, each 0..1; missing signals use their default weight
   * @param workingHours the hours outside which off_hours is present, or null (never present)
   */
  public RiskModel(Map<RiskSignal, Double> weights, TimeWindow workingHours) {
    this.weights = new double[SIGNALS.length];
    for (RiskSignal signal : SIGNALS) {
      Double w = weights.getOrDefault(signal, signal.defaultWeight());
      if (w == null || !(w >= 0.0 && w <= 1.0)) {
        throw new IllegalArgumentException(
            "risk.weights." + signal.wireName() + ": " + w + " (expected: 0..1)");
      }
      this.weights[signal.ordinal()] = w;
    }
    this.workingHours = workingHours;
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

  /** The configured weight of a signal. */
  public double weight(RiskSignal signal) {
    return weights[signal.ordinal()];
  }

  /** The working hours off_hours is measured against, or null. */
  public TimeWindow workingHours() {
    return workingHours;
  }

  /** The score with every signal, for traces and tests. */
  public RiskAssessment score(RequestFacts facts) {
    int mask = signals(facts);
    double score = probability(mask);
    return new RiskAssessment(score, band(score), RiskSignals.of(this, mask, score, score, -1, 0).signalMap());
  }

  /** Bit {@code 1 << ordinal} set for every signal present. Allocates nothing. */
  int signals(RequestFacts facts) {
    int mask = 0;
    for (RiskSignal signal : SIGNALS) {
      if (present(signal, facts)) {
        mask |= 1 << signal.ordinal();
      }
    }
    return mask;
  }

  /** The score of the signals in {@code mask}. */
  double probability(int mask) {
    double none = 1.0;
    for (int i = 0; i < weights.length; i++) {
      if ((mask & (1 << i)) != 0) {
        none *= 1.0 - weights[i];
      }
    }
    return 1.0 - none;
  }

  /** The score alone, without allocating. */
  double probability(RequestFacts facts) {
    return probability(signals(facts));
  }

  private boolean present(RiskSignal signal, RequestFacts facts) {
    Observations o = facts.observations();
    return switch (signal) {
      case NEW_DESTINATION -> o.newDestination();
      case SENSITIVE_DATA_EGRESS -> !facts.findings().isEmpty();
      case EXTERNAL_PRINCIPAL -> facts.externalPrincipal();
      case WRITE_VERB -> facts.verb() == Verb.WRITE;
      case ADMIN_VERB -> facts.verb() == Verb.ADMIN;
      case THREAT_INTEL -> o.threatIntel();
      case OFF_HOURS -> workingHours != null && o.time() != null && !workingHours.contains(o.time());
      case BURST -> o.burst();
    };
  }

  /**
   * {@code min(1, risk × multiplier × (1.5 − trust))} (SPEC §4.3).
   *
   * @param multiplier the agent's pinned scrutiny when > 0, else the environment's
   */
  public static double effective(double risk, double multiplier, double trust) {
    return Math.min(1.0, Math.max(0.0, risk * multiplier * (1.5 - trust)));
  }
}
