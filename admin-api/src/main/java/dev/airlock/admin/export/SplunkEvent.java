package dev.airlock.admin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.TraceJson;
import dev.airlock.proxy.trace.Trace;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A trace as a Splunk HTTP Event Collector event: {@code {"time": <epoch seconds, millisecond
 * precision>, "host", "source": "airlock", "sourcetype": "airlock:decision", "event": <trace>}}, the
 * event being the trace exactly as the API shows it. Files of these events, one per line, can be
 * posted as they are to {@code /services/collector/event}. Alert channels send their events in the
 * same shape ({@link #of(Instant, String, String, JsonNode)}).
 */
public final class SplunkEvent {
  static final String SOURCE = "airlock";
  static final String SOURCETYPE = "airlock:decision";

  private SplunkEvent() {}

  static ObjectNode of(Trace trace, String host) {
    return of(trace.time(), host, SOURCETYPE, TraceJson.toJson(trace));
  }

  /** An event of this {@code sourcetype} at {@code time}, with {@code event} as the API shows it. */
  public static ObjectNode of(Instant time, String host, String sourcetype, JsonNode event) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("time", BigDecimal.valueOf(time.toEpochMilli(), 3));
    n.put("host", host);
    n.put("source", SOURCE);
    n.put("sourcetype", sourcetype);
    n.set("event", event);
    return n;
  }
}
