package dev.airlock.admin.alerts.render;

import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.DecisionAlert;
import dev.airlock.admin.alerts.IncidentAlert;
import dev.airlock.proxy.policy.RiskModel;
import dev.airlock.proxy.trace.Trace;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What every chat card says about an event, in plain text: a title, labelled facts in a fixed
 * order, the trace it is about and, for a request held for approval, the approval's id. Chat
 * renderers lay it out (and escape it) their own way.
 *
 * @param approvalId set only for a REQUIRE_APPROVAL decision with an approval
 * @param traceId the decision's trace, or the incident's first linked trace ("" when none)
 */
public record AlertSummary(String title, Map<String, String> facts, String traceId, String approvalId,
    String severity, String eventType) {

  public static AlertSummary of(AlertEvent event) {
    if (event instanceof DecisionAlert d) {
      return decision(d.trace());
    }
    return incident((IncidentAlert) event);
  }

  private static AlertSummary decision(Trace t) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Decision", t.decision());
    facts.put("Agent", orDash(t.agent()));
    facts.put("Environment", orDash(t.env()));
    facts.put("Tool", t.tool() + "." + t.operation());
    facts.put("Reasons", t.reasons().isEmpty() ? "-" : String.join(", ", t.reasons()));
    if (!t.riskSignals().isEmpty()) {
      facts.put("Risk", RiskModel.band(t.riskScore()) + " " + String.format(Locale.ROOT, "%.2f", t.riskScore()));
    }
    facts.put("Severity", t.severity());
    facts.put("Host", orDash(t.host()));
    if (t.ruleRef() != null) {
      facts.put("Rule", t.ruleRef());
    }
    String approval = "REQUIRE_APPROVAL".equals(t.decision()) && t.approvalId() != null ? t.approvalId() : null;
    if (approval != null) {
      facts.put("Approval", approval);
    }
    String title = "Airlock " + t.decision() + ": " + orDash(t.agent()) + " " + t.tool() + "." + t.operation();
    return new AlertSummary(title, facts, t.id(), approval, t.severity(), t.decision());
  }

  private static AlertSummary incident(IncidentAlert i) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Incident", i.incidentId());
    facts.put("Change", i.change());
    facts.put("Status", i.status());
    facts.put("Severity", i.severity());
    facts.put("Trigger", i.trigger());
    facts.put("Agent", orDash(i.agent()));
    facts.put("Environment", orDash(i.env()));
    facts.put("Traces", Integer.toString(i.traceIds().size()));
    if (i.detail() != null && !i.detail().isEmpty()) {
      facts.put("Detail", i.detail());
    }
    String trace = i.traceIds().isEmpty() ? "" : i.traceIds().get(0);
    return new AlertSummary("Airlock incident " + i.change() + ": " + i.title(), facts, trace, null, i.severity(),
        "INCIDENT");
  }

  /** The commands that decide the approval from a terminal (for channels without buttons). */
  public String approvalCommands() {
    return "airlock approval approve " + approvalId + "  |  airlock approval deny " + approvalId;
  }

  /** One plain line per fact, for fallbacks. */
  public String plainText() {
    StringBuilder b = new StringBuilder(title);
    facts.forEach((k, v) -> b.append('\n').append(k).append(": ").append(v));
    if (!traceId.isEmpty()) {
      b.append("\nTrace: ").append(traceId);
    }
    return b.toString();
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
