package dev.airlock.admin.incidents;

import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Traces as the detector sees them, for tests. */
final class IncidentTraces {
  private IncidentTraces() {}

  static Trace trace(String env, String agent, String decision, String severity, List<String> reasons,
      Map<String, Double> signals, Instant time) {
    return new Trace(TraceIds.at(time.toEpochMilli()), time, env, agent, "key_1", "slack", "post_message", "WRITE",
        "POST", "slack.com", "/api/chat.postMessage", decision.equals("DENY") ? 403 : 200, decision, decision,
        reasons, decision.equals("DENY") ? "block/rule" : null, 0.5, severity, List.of(), List.of(), 10, 10, 5, -1,
        null, signals);
  }

  static Trace deny(String env, String agent, String severity, Instant time) {
    return trace(env, agent, "DENY", severity, List.of("SECRET_DETECTED"), Map.of(), time);
  }

  static Trace denyFor(String env, String agent, String reason, Instant time) {
    return trace(env, agent, "DENY", "HIGH", List.of(reason), Map.of(), time);
  }

  static Trace allowWithTrust(String env, String agent, double trust, Instant time) {
    return trace(env, agent, "ALLOW", "LOW", List.of(), Map.of("trust", trust), time);
  }
}
