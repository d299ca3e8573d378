package dev.airlock.admin.store;

import java.time.Instant;

/**
 * Filters for listing admin keys, newest first.
 *
 * @param env only keys scoped to this environment, or null for all keys
 * @param since inclusive lower bound on {@code created_at}, or null
 * @param until exclusive upper bound on {@code created_at}, or null
 * @param limit page size, 1..1000
 * @param after continue after this position (the cursor), or null for the first page
 */
public record AdminKeyQuery(String env, Instant since, Instant until, int limit, KeysetCursor after) {
  public static final int MAX_LIMIT = 1000;

  public AdminKeyQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
    }
  }
}
