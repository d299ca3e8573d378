package dev.airlock.admin.alerts.siem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.AlertEventJson;
import dev.airlock.admin.alerts.render.AlertSummary;
import dev.airlock.admin.alerts.render.EventFormat;
import dev.airlock.admin.export.DatadogLog;
import dev.airlock.admin.export.SplunkEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The bodies a generic webhook channel can send besides its own JSON, each for one event and for a
 * batch (one request):
 *
 * <ul>
 *   <li>{@code cef}: CEF lines, {@code text/plain}, one per event;
 *   <li>{@code ocsf}: a JSON array of the events' OCSF objects (HTTP Activity, plus Detection
 *       Finding for denials, approvals and incidents);
 *   <li>{@code ndjson}: the events as {@link AlertEventJson}, one per line;
 *   <li>{@code splunk}: Splunk HEC events ({@code {"time","host","source","sourcetype","event"}})
 *       concatenated, as {@code /services/collector/event} takes them;
 *   <li>{@code datadog}: a JSON array of Datadog logs ({@code /api/v2/logs}).
 * </ul>
 */
public final class WebhookFormats {
  private WebhookFormats() {}

  /** Every format, with {@code host} as the Splunk {@code host} and Datadog {@code hostname}. */
  public static Map<String, EventFormat> all(String host) {
    CefFormatter cef = CefFormatter.forCurrentVersion();
    OcsfMapper ocsf = OcsfMapper.forCurrentVersion();
    return Map.of(
        "cef", format("text/plain; charset=utf-8", events -> {
          StringBuilder b = new StringBuilder();
          events.forEach(e -> b.append(cef.format(e)).append('\n'));
          return b.toString();
        }),
        "ocsf", format("application/json", events -> {
          List<String> objects = new ArrayList<>();
          events.forEach(e -> objects.addAll(ocsf.mapToJson(e)));
          return "[" + String.join(",", objects) + "]";
        }),
        "ndjson", format("application/x-ndjson", events -> lines(events, e -> AlertEventJson.toJson(e))),
        "splunk", format("application/json", events -> lines(events, e -> splunk(e, host))),
        "datadog", format("application/json", events -> {
          List<String> logs = new ArrayList<>();
          events.forEach(e -> logs.add(datadog(e, host).toString()));
          return "[" + String.join(",", logs) + "]";
        }));
  }

  /** Every format, named after this node's host. */
  public static Map<String, EventFormat> all() {
    return all(dev.airlock.admin.export.NodeHost.name());
  }

  /** A format whose one-event body is its batch body of that one event. */
  private static EventFormat format(String contentType, Function<List<AlertEvent>, String> body) {
    return new EventFormat() {
      @Override
      public String contentType() {
        return contentType;
      }

      @Override
      public byte[] encode(AlertEvent event) {
        return encodeAll(List.of(event));
      }

      @Override
      public byte[] encodeAll(List<AlertEvent> events) {
        return body.apply(events).getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  private static String lines(List<AlertEvent> events, Function<AlertEvent, ObjectNode> each) {
    StringBuilder b = new StringBuilder();
    events.forEach(e -> b.append(each.apply(e)).append('\n'));
    return b.toString();
  }

  /** A Splunk HEC event: the alert event as the webhook's JSON shows it, under {@code event}. */
  static ObjectNode splunk(AlertEvent e, String host) {
    return SplunkEvent.of(e.time(), host, e.eventType().equals("INCIDENT") ? "airlock:incident" : "airlock:decision",
        AlertEventJson.toJson(e));
  }

  /** A Datadog log: reserved attributes, one readable message, and the alert event under {@code airlock}. */
  static ObjectNode datadog(AlertEvent e, String host) {
    return DatadogLog.of(host, DatadogLog.tags(e.env(), e.tool(), "event", e.eventType()),
        AlertSummary.of(e).title(), e.time(), DatadogLog.status(e.eventType()), AlertEventJson.toJson(e));
  }
}
