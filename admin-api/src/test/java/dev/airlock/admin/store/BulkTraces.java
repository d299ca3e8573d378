package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Many traces stored fast, through the repository's binary COPY, for volume tests. */
public final class BulkTraces {
  private static final String[] DECISIONS = {"ALLOW", "DENY", "SANITIZE", "REQUIRE_APPROVAL"};
  private static final String[] TOOLS = {"slack", "github", "jira", "openai"};
  private static final int BATCH = 20_000;

  private BulkTraces() {}

  /** Stores {@code n} traces of env {@code default}, one millisecond apart from {@code from} on. */
  public static void insert(TraceRepository traces, int n, Instant from) {
    List<Trace> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < n; i++) {
      batch.add(TestTraces.trace("default", "agent-" + (i % 50), TOOLS[i % TOOLS.length],
          DECISIONS[i % DECISIONS.length], from.plusMillis(i)));
      if (batch.size() == BATCH) {
        traces.insert(batch);
        batch.clear();
      }
    }
    traces.insert(batch);
  }
}
