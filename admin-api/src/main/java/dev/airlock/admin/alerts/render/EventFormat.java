package dev.airlock.admin.alerts.render;

import dev.airlock.admin.alerts.AlertEvent;
import java.util.List;

/**
 * A body format of the generic webhook other than JSON (CEF, OCSF, NDJSON, Splunk HEC, Datadog),
 * supplied by the SIEM part and registered by name in {@link WebhookMessage}'s formats.
 */
public interface EventFormat {
  /** The Content-Type of the body, e.g. {@code text/plain} or {@code application/json}. */
  String contentType();

  /** The body for one event. */
  byte[] encode(AlertEvent event);

  /** The body for a batch, in the format's own multi-event form (a JSON array, lines, concatenated objects). */
  byte[] encodeAll(List<AlertEvent> events);
}
