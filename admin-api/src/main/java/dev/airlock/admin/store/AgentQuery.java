package dev.airlock.admin.store;

import java.time.Instant;

/**
 * Filters for listing agents, newest first.
 *
 * @param env only this environment's agents (null: every environment)
 * @param status {@code active} or {@code suspended}, or null for both
 * @param name only the agent(s) of exactly this name, or null
 * @param since created at or after this instant, or null
 * @param until created before this instant, or null
 * @param limit page size, 1..1000
 * @param after continue after this position (the cursor), or null for the first page
 */
public record AgentQuery(String env, String status, String name, Instant since, Instant until, int limit,
    KeysetCursor after) {
  public static final int MAX_LIMIT = 1000;

  public AgentQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
    }
  }
}
