package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

/**
 * Per-environment settings the engine needs.
 *
 * @param slug environment slug
 * @param mode enforcement mode
 * @param defaultAction action when no rule matches
 */
public record EnvironmentSettings(String slug, EnforcementMode mode, Action defaultAction) {
  public EnvironmentSettings {
    requireNonNull(slug, "slug");
    requireNonNull(mode, "mode");
    requireNonNull(defaultAction, "defaultAction");
  }

  public static EnvironmentSettings defaults(String slug) {
    return new EnvironmentSettings(slug, EnforcementMode.ENFORCE, Action.ALLOW);
  }
}
