package dev.airlock.admin.store;

/**
 * How long traces are kept, in days: those of production environments, and all others (including
 * environments deleted since, which can no longer be production ones).
 */
public record RetentionWindows(int productionDays, int otherDays) {
  public static final int MAX_DAYS = 36_500;

  public RetentionWindows {
    check("retention.production_days", productionDays);
    check("retention.other_days", otherDays);
  }

  /** 365 days for production environments, 90 for the others. */
  public static RetentionWindows defaults() {
    return new RetentionWindows(365, 90);
  }

  public int longestDays() {
    return Math.max(productionDays, otherDays);
  }

  private static void check(String name, int days) {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(name + ": " + days + " (expected: 1.." + MAX_DAYS + ")");
    }
  }
}
