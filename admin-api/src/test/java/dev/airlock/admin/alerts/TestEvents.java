package dev.airlock.admin.alerts;

import dev.airlock.proxy.trace.Trace;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Decisions and incidents as the data plane and the incident engine produce them. */
public final class TestEvents {
  public static final Instant TIME = Instant.parse("2026-03-01T12:00:00Z");

  private TestEvents() {}

  /** JSON written with single quotes, for readable test bodies. */
  public static com.fasterxml.jackson.databind.JsonNode json(String text) {
    return ChannelSpecParserTest.json(text);
  }

  public static DecisionAlert deny(String id, String env, String agent, String severity) {
    return new DecisionAlert(trace(id, env, agent, "DENY", severity, null));
  }

  public static DecisionAlert approval(String id, String approvalId) {
    return new DecisionAlert(trace(id, "default", "ci-bot", "REQUIRE_APPROVAL", "HIGH", approvalId));
  }

  public static Trace trace(String id, String env, String agent, String decision, String severity, String approvalId) {
    return new Trace(id, TIME, env, agent, "key_1", "slack", "post_message", "WRITE", "POST", "slack.com",
        "/api/chat.postMessage", 403, decision, decision, List.of("SECRET_DETECTED"), "block-secrets/no-keys", 0.72,
        severity, List.of("SECRETS.aws_access_key"), List.of(), 120, 0, 15, -1, approvalId,
        signals(Map.of("write_verb", 0.2, "sensitive_data_egress", 0.6)));
  }

  /** As the engine scores a request: every signal, 0 unless given, then the raw risk. */
  private static Map<String, Double> signals(Map<String, Double> fired) {
    Map<String, Double> all = new java.util.LinkedHashMap<>();
    for (dev.airlock.proxy.policy.RiskSignal s : dev.airlock.proxy.policy.RiskSignal.values()) {
      all.put(s.wireName(), fired.getOrDefault(s.wireName(), 0.0));
    }
    all.put("raw_risk", 0.68);
    return all;
  }

  public static IncidentAlert incident() {
    return new IncidentAlert("inc_0123", "opened", TIME, "default", "ci-bot", "CRITICAL", "Critical DENY by ci-bot",
        "critical_deny", "open", List.of("trc_1", "trc_2"), "1st CRITICAL DENY");
  }
}
