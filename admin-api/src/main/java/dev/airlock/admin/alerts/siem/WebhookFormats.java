package dev.airlock.admin.alerts.siem;

import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.render.EventFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The SIEM bodies a generic webhook channel can send besides its own JSON: {@code cef} (the CEF
 * line of the event, {@code text/plain}) and {@code ocsf} (a JSON array of the event's OCSF
 * objects: HTTP Activity, plus Detection Finding for denials, approvals and incidents).
 */
public final class WebhookFormats {
  private WebhookFormats() {}

  public static Map<String, EventFormat> all() {
    CefFormatter cef = CefFormatter.forCurrentVersion();
    OcsfMapper ocsf = OcsfMapper.forCurrentVersion();
    return Map.of(
        "cef", new EventFormat() {
          @Override
          public String contentType() {
            return "text/plain; charset=utf-8";
          }

          @Override
          public byte[] encode(AlertEvent event) {
            return (cef.format(event) + "\n").getBytes(StandardCharsets.UTF_8);
          }
        },
        "ocsf", new EventFormat() {
          @Override
          public String contentType() {
            return "application/json";
          }

          @Override
          public byte[] encode(AlertEvent event) {
            return ("[" + String.join(",", ocsf.mapToJson(event)) + "]").getBytes(StandardCharsets.UTF_8);
          }
        });
  }
}
