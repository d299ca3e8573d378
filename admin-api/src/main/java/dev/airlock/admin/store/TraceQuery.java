package dev.airlock.admin.store;

import java.time.Instant;

/**
 * Filters for listing traces; null means "no filter".
 *
 * @param since inclusive lower bound on time
 * @param until exclusive upper bound on time
 * @param limit page size, 1..1000
 * @param after continue after this position (from a previous page's next cursor)
 */
public record TraceQuery(
    String env,
    Instant since,
    Instant until,
    String decision,
    String agent,
    String tool,
    int limit,
    KeysetCursor after) {
  public static final int MAX_LIMIT = 1000;
  public static final int DEFAULT_LIMIT = 50;

  public TraceQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1..1000)");
    }
  }

  public static TraceQuery newest(int limit) {
    return new TraceQuery(null, null, null, null, null, null, limit, null);
  }

  public TraceQuery after(KeysetCursor cursor) {
    return new TraceQuery(env, since, until, decision, agent, tool, limit, cursor);
  }
}
