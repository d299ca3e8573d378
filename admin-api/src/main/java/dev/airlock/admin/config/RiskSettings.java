package dev.airlock.admin.config;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.policy.RiskModel;
import dev.airlock.proxy.policy.RiskSignal;
import dev.airlock.proxy.policy.TimeWindow;
import dev.airlock.proxy.risk.TrustBook;
import java.time.Duration;
import java.util.Map;

/**
 * How requests are scored and agents trusted ({@code risk.*} in the config file).
 *
 * @param weights weight per risk signal (0..1); signals not listed keep their default
 * @param workingHours outside these hours requests carry the off_hours signal; null = never
 * @param burstPerMinute an agent sending more requests per minute (per node) carries the burst
 *     signal; 0 = never
 * @param trustHalfLife how fast an agent's trust returns halfway to neutral
 */
public record RiskSettings(Map<RiskSignal, Double> weights, TimeWindow workingHours, int burstPerMinute,
    Duration trustHalfLife) {
  public static final int DEFAULT_BURST_PER_MINUTE = 600;

  public RiskSettings {
    weights = Map.copyOf(weights);
    requireNonNull(trustHalfLife, "trustHalfLife");
  }

  public static RiskSettings defaults() {
    return new RiskSettings(Map.of(), null, DEFAULT_BURST_PER_MINUTE, TrustBook.DEFAULT_HALF_LIFE);
  }

  /** The risk model these settings describe. */
  public RiskModel model() {
    return new RiskModel(weights, workingHours);
  }
}
