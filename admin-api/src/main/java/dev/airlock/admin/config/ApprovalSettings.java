package dev.airlock.admin.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a node treats approvals.
 *
 * @param grantWindow how long after an approval an identical request goes through without asking
 *     again (0: every request asks)
 * @param expireAfter how long an approval nobody decides stays pending before it expires
 */
public record ApprovalSettings(Duration grantWindow, Duration expireAfter) {
  public static final Duration DEFAULT_GRANT_WINDOW = Duration.ofMinutes(10);
  public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofHours(24);

  public ApprovalSettings {
    requireNonNull(grantWindow, "grantWindow");
    requireNonNull(expireAfter, "expireAfter");
    if (grantWindow.isNegative()) {
      throw new ConfigException("approvals.grant_window: " + Durations.describe(grantWindow) + " (expected: >= 0)");
    }
    if (expireAfter.toMillis() < 1000) {
      throw new ConfigException("approvals.expire_after: " + Durations.describe(expireAfter)
          + " (expected: >= 1s)");
    }
  }

  public static ApprovalSettings defaults() {
    return new ApprovalSettings(DEFAULT_GRANT_WINDOW, DEFAULT_EXPIRE_AFTER);
  }
}
