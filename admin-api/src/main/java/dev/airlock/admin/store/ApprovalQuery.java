package dev.airlock.admin.store;

import dev.airlock.proxy.spi.ApprovalStatus;
import java.time.Instant;

/**
 * Filters for listing approvals, newest request first; null means "not filtered".
 *
 * @param since requested at or after this instant
 * @param until requested before this instant
 * @param limit page size, 1..1000
 * @param after continue after this position (the cursor), or null for the first page
 */
public record ApprovalQuery(String env, ApprovalStatus status, String agent, Instant since, Instant until, int limit,
    KeysetCursor after) {
  public static final int MAX_LIMIT = 1000;

  public ApprovalQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
    }
  }
}
