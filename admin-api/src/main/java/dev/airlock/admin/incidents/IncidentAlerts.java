package dev.airlock.admin.incidents;

import dev.airlock.admin.alerts.IncidentAlert;
import java.time.Instant;
import java.util.List;

/** The alert events of incidents. */
final class IncidentAlerts {
  private IncidentAlerts() {}

  static IncidentAlert of(Incident i, String change, Instant time, List<String> traceIds, String detail) {
    return new IncidentAlert(i.id(), change, time, i.env(), i.agent(), i.severity(), i.title(), i.trigger(),
        i.status(), traceIds, detail);
  }
}
