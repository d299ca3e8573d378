package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

/**
 * Per-environment settings the engine and the data plane need, swapped with the policy snapshot.
 *
 * @param slug environment slug
 * @param mode enforcement mode
 * @param defaultAction action when no rule matches
 * @param scrutinyMultiplier scales the effective risk of every request in the environment (> 0)
 * @param approvalHoldSeconds how long a request that needs approval is held open waiting for a
 *     decision (0 = answered at once as pending)
 */
public record EnvironmentSettings(String slug, EnforcementMode mode, Action defaultAction, double scrutinyMultiplier,
    int approvalHoldSeconds) {
  public static final int DEFAULT_APPROVAL_HOLD_SECONDS = 25;

  public EnvironmentSettings {
    requireNonNull(slug, "slug");
    requireNonNull(mode, "mode");
    requireNonNull(defaultAction, "defaultAction");
    if (!(scrutinyMultiplier > 0)) {
      throw new IllegalArgumentException("scrutiny_multiplier: " + scrutinyMultiplier + " (expected: > 0)");
    }
    if (approvalHoldSeconds < 0) {
      throw new IllegalArgumentException("approval_hold_seconds: " + approvalHoldSeconds + " (expected: >= 0)");
    }
  }

  public EnvironmentSettings(String slug, EnforcementMode mode, Action defaultAction) {
    this(slug, mode, defaultAction, 1.0, DEFAULT_APPROVAL_HOLD_SECONDS);
  }

  public static EnvironmentSettings defaults(String slug) {
    return new EnvironmentSettings(slug, EnforcementMode.ENFORCE, Action.ALLOW);
  }
}
