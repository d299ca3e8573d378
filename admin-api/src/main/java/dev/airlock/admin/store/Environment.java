package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.policy.EnvironmentSettings;
import java.time.Instant;
import java.util.regex.Pattern;

/** A stored environment. {@code createdAt}/{@code updatedAt} are null before the first insert. */
public record Environment(
    String slug,
    String name,
    String description,
    boolean production,
    EnforcementMode enforcementMode,
    Action defaultAction,
    int approvalHoldSeconds,
    double scrutinyMultiplier,
    Instant createdAt,
    Instant updatedAt) {

  public static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9-]{1,49}$");
  public static final String DEFAULT_SLUG = "default";

  public Environment {
    requireNonNull(slug, "slug");
    requireNonNull(name, "name");
    description = description == null ? "" : description;
    requireNonNull(enforcementMode, "enforcementMode");
    requireNonNull(defaultAction, "defaultAction");
    if (approvalHoldSeconds < 0) {
      throw new IllegalArgumentException(
          "approvalHoldSeconds: " + approvalHoldSeconds + " (expected: >= 0)");
    }
    if (!(scrutinyMultiplier > 0)) {
      throw new IllegalArgumentException(
          "scrutinyMultiplier: " + scrutinyMultiplier + " (expected: > 0)");
    }
  }

  /** A new environment with the documented defaults (enforce, ALLOW, 25 s hold, x1.0). */
  public static Environment of(String slug, String name) {
    return new Environment(
        slug, name, "", false, EnforcementMode.ENFORCE, Action.ALLOW, 25, 1.0, null, null);
  }

  public EnvironmentSettings settings() {
    return new EnvironmentSettings(slug, enforcementMode, defaultAction, scrutinyMultiplier, approvalHoldSeconds);
  }
}
