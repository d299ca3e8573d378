package dev.airlock.admin.store;

import java.time.Instant;

/**
 * Filters for listing environments in slug order.
 *
 * @param slug only this environment (an environment-scoped caller's own), or null for all
 * @param since inclusive lower bound on {@code created_at}, or null
 * @param until exclusive upper bound on {@code created_at}, or null
 * @param limit page size, 1..1000
 * @param afterSlug continue after this slug (the cursor), or null for the first page
 */
public record EnvironmentQuery(String slug, Instant since, Instant until, int limit, String afterSlug) {
  public static final int MAX_LIMIT = 1000;

  public EnvironmentQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
    }
  }
}
