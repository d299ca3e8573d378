package dev.airlock.admin.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.TraceJson;
import dev.airlock.proxy.trace.Trace;
import java.math.BigDecimal;

/**
 * A trace as a Splunk HTTP Event Collector event: {@code {"time": <epoch seconds, millisecond
 * precision>, "host", "source": "airlock", "sourcetype": "airlock:decision", "event": <trace>}}, the
 * event being the trace exactly as the API shows it. Files of these events, one per line, can be
 * posted as they are to {@code /services/collector/event}.
 */
final class SplunkEvent {
  static final String SOURCE = "airlock";
  static final String SOURCETYPE = "airlock:decision";

  private SplunkEvent() {}

  static ObjectNode of(Trace trace, String host) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("time", BigDecimal.valueOf(trace.time().toEpochMilli(), 3));
    event.put("host", host);
    event.put("source", SOURCE);
    event.put("sourcetype", SOURCETYPE);
    event.set("event", TraceJson.toJson(trace));
    return event;
  }
}
