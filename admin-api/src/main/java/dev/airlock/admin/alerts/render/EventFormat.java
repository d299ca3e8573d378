package dev.airlock.admin.alerts.render;

import dev.airlock.admin.alerts.AlertEvent;

/**
 * A body format of the generic webhook other than JSON (CEF, OCSF), supplied by the SIEM part and
 * registered by name in {@link WebhookMessage}'s formats.
 */
public interface EventFormat {
  /** The Content-Type of the body, e.g. {@code text/plain} or {@code application/json}. */
  String contentType();

  byte[] encode(AlertEvent event);
}
