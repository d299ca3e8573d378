package dev.airlock.admin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.TraceJson;
import dev.airlock.proxy.trace.Trace;
import java.time.Instant;
import java.util.Locale;

/**
 * A trace as a Datadog log (HTTP logs intake, {@code /api/v2/logs}): the reserved attributes
 * {@code ddsource}, {@code service}, {@code hostname}, {@code ddtags} ({@code env:…,tool:…,decision:…}),
 * {@code message} (one readable line), {@code timestamp} (epoch milliseconds) and {@code status} (the log
 * level: {@code info} for ALLOW, {@code notice} for SANITIZE and REQUIRE_APPROVAL, {@code warning}
 * for DENY and refused authentication), and the trace itself, as the API shows it, under
 * {@code airlock}. Alert channels send their events in the same shape ({@link #of(String, String,
 * String, Instant, String, JsonNode)}).
 */
public final class DatadogLog {
  static final String SOURCE = "airlock";
  static final String SERVICE = "airlock";

  private DatadogLog() {}

  static ObjectNode of(Trace trace, String host) {
    return of(host, tags(trace.env(), trace.tool(), "decision", trace.decision()), message(trace), trace.time(),
        status(trace.decision()), TraceJson.toJson(trace));
  }

  /** A log with the reserved attributes, and {@code airlock} (the event as the API shows it) under its name. */
  public static ObjectNode of(
      String host, String ddtags, String message, Instant time, String status, JsonNode airlock) {
    ObjectNode log = JsonNodeFactory.instance.objectNode();
    log.put("ddsource", SOURCE);
    log.put("service", SERVICE);
    log.put("hostname", host);
    log.put("ddtags", ddtags);
    log.put("message", message);
    log.put("timestamp", time.toEpochMilli());
    log.put("status", status);
    log.set("airlock", airlock);
    return log;
  }

  /** {@code env:…,tool:…,KIND:…}, each value a {@link #tag}. */
  public static String tags(String env, String tool, String kindName, String kind) {
    return "env:" + tag(env) + ",tool:" + tag(tool) + "," + kindName + ":" + tag(kind);
  }

  /** {@code DENY slack.post_message POST slack.com/api/x by agent ci-bot in production (SECRET_DETECTED)}. */
  static String message(Trace t) {
    StringBuilder b = new StringBuilder();
    b.append(t.decision()).append(' ').append(t.tool());
    if (t.operation() != null && !t.operation().isEmpty()) {
      b.append('.').append(t.operation());
    }
    b.append(' ').append(t.method()).append(' ').append(t.host()).append(t.path());
    if (t.agent() != null && !t.agent().isEmpty()) {
      b.append(" by agent ").append(t.agent());
    }
    if (t.env() != null && !t.env().isEmpty()) {
      b.append(" in ").append(t.env());
    }
    if (!t.reasons().isEmpty()) {
      b.append(" (").append(String.join(", ", t.reasons())).append(')');
    }
    return b.toString();
  }

  /** The log level of a decision or alert event type. */
  public static String status(String decision) {
    if (decision == null) {
      return "info";
    }
    return switch (decision) {
      case "ALLOW" -> "info";
      case "SANITIZE", "REQUIRE_APPROVAL" -> "notice";
      default -> "warning";
    };
  }

  /**
   * A tag value as Datadog keeps it: lower case, and characters other than letters, digits and
   * {@code _-./:} replaced by {@code _}, so a value can never split the comma-separated list.
   */
  static String tag(String value) {
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
