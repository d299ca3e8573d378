package dev.airlock.admin.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.TraceJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON shape of an alert event: the generic webhook's body, and what the outbox stores
 * (so a pending delivery is rendered for its channel when it is sent):
 * {@code {"event_type","event_id","time","env","agent","severity","tool","decision"|"incident":{…}}}.
 * A decision carries its trace as the traces API shows it, which holds no secret value.
 */
public final class AlertEventJson {
  private AlertEventJson() {}

  public static ObjectNode toJson(AlertEvent event) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("event_type", event.eventType());
    n.put("event_id", event.eventId());
    n.put("time", event.time().toString());
    n.put("env", event.env());
    n.put("agent", event.agent());
    n.put("severity", event.severity());
    n.put("tool", event.tool());
    if (event instanceof DecisionAlert d) {
      n.set("decision", TraceJson.toJson(d.trace()));
    } else if (event instanceof IncidentAlert i) {
        ObjectNode inc = n.putObject("incident");
        inc.put("id", i.incidentId());
        inc.put("change", i.change());
        inc.put("title", i.title());
        inc.put("trigger", i.trigger());
        inc.put("status", i.status());
        i.traceIds().forEach(inc.putArray("trace_ids")::add);
        inc.put("detail", i.detail());
    }
    return n;
  }

  /**
   * @throws IllegalArgumentException when {@code n} is not an event this class wrote
   */
  public static AlertEvent fromJson(JsonNode n) {
    if (n.hasNonNull("decision")) {
      return new DecisionAlert(TraceJson.fromJson(n.get("decision")));
    }
    JsonNode inc = n.get("incident");
    if (inc == null || !inc.isObject()) {
      throw new IllegalArgumentException("alert event without decision or incident");
    }
    List<String> traces = new ArrayList<>();
    inc.path("trace_ids").forEach(t -> traces.add(t.asText()));
    return new IncidentAlert(inc.path("id").asText(), inc.path("change").asText(),
        Instant.parse(n.path("time").asText()), n.path("env").asText(""), n.path("agent").asText(""),
        n.path("severity").asText("LOW"), inc.path("title").asText(""), inc.path("trigger").asText(""),
        inc.path("status").asText(""), traces, inc.path("detail").asText(""));
  }
}
