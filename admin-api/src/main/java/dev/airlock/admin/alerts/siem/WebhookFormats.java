package dev.airlock.admin.alerts.siem;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.AlertEventJson;
import dev.airlock.admin.alerts.render.AlertSummary;
import dev.airlock.admin.alerts.render.EventFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  static final String SOURCE = "airlock";

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
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("time", BigDecimal.valueOf(e.time().toEpochMilli(), 3));
    n.put("host", host);
    n.put("source", SOURCE);
    n.put("sourcetype", e.eventType().equals("INCIDENT") ? "airlock:incident" : "airlock:decision");
    n.set("event", AlertEventJson.toJson(e));
    return n;
  }

  /** A Datadog log: reserved attributes, one readable message, and the alert event under {@code airlock}. */
  static ObjectNode datadog(AlertEvent e, String host) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("ddsource", SOURCE);
    n.put("service", SOURCE);
    n.put("hostname", host);
    n.put("ddtags", "env:" + tag(e.env()) + ",tool:" + tag(e.tool()) + ",event:" + tag(e.eventType()));
    n.put("message", AlertSummary.of(e).title());
    n.put("timestamp", e.time().toEpochMilli());
    n.put("status", switch (e.eventType()) {
      case "ALLOW" -> "info";
      case "SANITIZE", "REQUIRE_APPROVAL" -> "notice";
      default -> "warning";
    });
    n.set("airlock", AlertEventJson.toJson(e));
    return n;
  }

  /** A tag value as Datadog keeps it: lower case, anything but {@code [a-z0-9_./:-]} as {@code _}. */
  private static String tag(String value) {
    if (value == null || value.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder(value.length());
    for (char c : value.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'
          || c == '/' || c == ':';
      b.append(kept ? c : '_');
    }
    return b.toString();
  }
}
