package dev.airlock.admin.alerts.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.DecisionAlert;
import dev.airlock.admin.alerts.IncidentAlert;
import dev.airlock.proxy.trace.Trace;

/** An alert event as one flat JSON object (the {@code json} SIEM format), snake_case like the REST API. */
final class AlertJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertJson() {}

  static ObjectNode of(AlertEvent event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("event_type", event.eventType()).put("event_id", event.eventId())
        .put("time", event.time().toString()).put("env", event.env()).put("agent", event.agent())
        .put("severity", event.severity());
    if (event instanceof DecisionAlert decision) {
      Trace trace = decision.trace();
      node.put("trace_id", trace.id()).put("tool", trace.tool()).put("operation", trace.operation())
          .put("verb", trace.verb()).put("method", trace.method()).put("host", trace.host())
          .put("path", trace.path()).put("status", trace.status()).put("decision", trace.decision())
          .put("enforced_action", CefFormatter.enforced(trace)).put("rule", trace.ruleRef())
          .put("risk", trace.riskScore()).put("approval_id", trace.approvalId());
      trace.reasons().forEach(node.putArray("reasons")::add);
      trace.dataClasses().forEach(node.putArray("data_classes")::add);
    } else {
      IncidentAlert incident = (IncidentAlert) event;
      node.put("incident_id", incident.incidentId()).put("change", incident.change())
          .put("title", incident.title()).put("trigger", incident.trigger()).put("status", incident.status())
          .put("detail", incident.detail());
      incident.traceIds().forEach(node.putArray("trace_ids")::add);
    }
    return node;
  }
}
