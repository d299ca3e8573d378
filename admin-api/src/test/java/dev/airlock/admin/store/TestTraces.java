package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.time.Instant;
import java.util.List;

/** Trace values for tests. */
public final class TestTraces {
  private TestTraces() {}

  public static Trace trace(String env, String agent, String tool, String decision, Instant time) {
    return new Trace(
        TraceIds.at(time.toEpochMilli()),
        time,
        env,
        agent,
        "key_1",
        tool,
        "post_message",
        "WRITE",
        "POST",
        tool + ".com",
        "/api/x",
        decision.equals("DENY") ? 403 : 200,
        decision,
        decision,
        decision.equals("DENY") ? List.of("SECRET_DETECTED") : List.of(),
        decision.equals("DENY") ? "block-secrets/deny" : null,
        0.4,
        "HIGH",
        List.of("SECRETS.aws_access_key"),
        List.of(),
        123,
        456,
        35,
        -1);
  }
}
