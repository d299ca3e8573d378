package dev.airlock.admin.store;

import java.time.Instant;

/**
 * Filters for listing audit events, newest first.
 *
 * @param env only this environment's events (null: all the caller may see)
 * @param since inclusive lower time bound, or null
 * @param until exclusive upper time bound, or null
 * @param action only this action, or null
 * @param limit page size, 1..1000
 * @param beforeSeq continue below this seq (the cursor), or null for the first page
 */
public record AuditQuery(String env, Instant since, Instant until, String action, int limit, Long beforeSeq) {
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
    }
  }
}
