package dev.airlock.admin.alerts;

import java.time.Instant;
import java.util.List;

/**
 * An incident opened, updated (a correlated trace appended), transitioned or acted on.
 *
 * @param incidentId inc_… id
 * @param change what happened: opened, updated, transitioned, action
 * @param title generated from the trigger (or given when opened by hand)
 * @param trigger trigger name (e.g. critical_deny, deny_burst, threat_intel, read_then_write,
 *     trust_drop, ephemeral_scope, manual)
 * @param status open, investigating or closed
 * @param traceIds linked traces, oldest first
 * @param detail one human line about the change (e.g. "5th DENY in 1 h", "closed: false_positive")
 */
public record IncidentAlert(
    String incidentId,
    String change,
    Instant time,
    String env,
    String agent,
    String severity,
    String title,
    String trigger,
    String status,
    List<String> traceIds,
    String detail) implements AlertEvent {

  public IncidentAlert {
    traceIds = traceIds == null ? List.of() : List.copyOf(traceIds);
  }

  @Override
  public String eventType() {
    return "INCIDENT";
  }

  @Override
  public String eventId() {
    return incidentId + ":" + change + ":" + time.toEpochMilli();
  }

  @Override
  public String tool() {
    return "";
  }
}
