package dev.airlock.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.trace.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON shape of a trace, used by the REST API and by the disk spool (so a spooled line is
 * exactly what the API would show).
 */
public final class TraceJson {
  private TraceJson() {}

  public static ObjectNode toJson(Trace t) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", t.id());
    n.put("time", t.time().toString());
    n.put("env", t.env());
    n.put("agent", t.agent());
    n.put("key_id", t.keyId());
    n.put("tool", t.tool());
    n.put("operation", t.operation());
    n.put("verb", t.verb());
    n.put("method", t.method());
    n.put("host", t.host());
    n.put("path", t.path());
    n.put("status", t.status());
    n.put("decision", t.decision());
    n.put("enforced_action", t.enforcedAction());
    strings(n.putArray("reasons"), t.reasons());
    n.put("rule", t.ruleRef());
    n.put("risk_score", t.riskScore());
    n.put("severity", t.severity());
    ObjectNode risk = n.putObject("risk_signals");
    t.riskSignals().forEach(risk::put);
    strings(n.putArray("data_classes"), t.dataClasses());
    strings(n.putArray("bound_data_classes"), t.boundDataClasses());
    ArrayNode findings = n.putArray("findings");
    t.dataClasses().forEach(id -> findings.addObject().put("data_class", id).put("bound", false));
    t.boundDataClasses().forEach(id -> findings.addObject().put("data_class", id).put("bound", true));
    n.put("bytes_in", t.bytesIn());
    n.put("bytes_out", t.bytesOut());
    n.put("policy_us", t.policyMicros());
    n.put("upstream_ms", t.upstreamMillis());
    n.put("approval_id", t.approvalId());
    return n;
  }

  /**
   * @throws IllegalArgumentException when a required field is missing or malformed
   */
  public static Trace fromJson(JsonNode n) {
    if (!n.hasNonNull("id") || !n.hasNonNull("time")) {
      throw new IllegalArgumentException("trace without id or time");
    }
    return new Trace(
        n.get("id").asText(),
        Instant.parse(n.get("time").asText()),
        text(n, "env"),
        text(n, "agent"),
        n.hasNonNull("key_id") ? n.get("key_id").asText() : null,
        text(n, "tool"),
        text(n, "operation"),
        text(n, "verb"),
        text(n, "method"),
        text(n, "host"),
        text(n, "path"),
        n.path("status").asInt(),
        text(n, "decision"),
        text(n, "enforced_action"),
        list(n.path("reasons")),
        n.hasNonNull("rule") ? n.get("rule").asText() : null,
        n.path("risk_score").asDouble(),
        text(n, "severity"),
        list(n.path("data_classes")),
        list(n.path("bound_data_classes")),
        n.path("bytes_in").asLong(),
        n.path("bytes_out").asLong(),
        n.path("policy_us").asLong(),
        n.path("upstream_ms").asLong(-1),
        n.hasNonNull("approval_id") ? n.get("approval_id").asText() : null,
        RiskSignalsJson.of(n.get("risk_signals")));
  }

  private static String text(JsonNode n, String field) {
    return n.path(field).asText("");
  }

  private static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
