package dev.airlock.admin.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.AlertSettings;
import dev.airlock.admin.alerts.ChannelException;
import dev.airlock.admin.alerts.ChannelSpec;
import dev.airlock.admin.alerts.ChannelSpecParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code alerts.trace_url}, {@code alerts.max_attempts}, {@code alerts.queue_capacity} and {@code
 * alerts.channels} (each in the API's channel shape), validated at startup: a bad channel stops
 * the node with one line naming it.
 */
final class AlertsConfig {
  private AlertsConfig() {}

  static AlertSettings read(ConfigTree a) {
    a.allowOnly(Set.of("trace_url", "max_attempts", "queue_capacity", "channels"));
    Long attempts = a.integer("max_attempts");
    Long capacity = a.integer("queue_capacity");
    String traceUrl = a.string("trace_url");
    if (traceUrl != null && !traceUrl.matches("https?://\\S+")) {
      throw new ConfigException(a.at("trace_url") + ": \"" + traceUrl + "\" (expected: an http(s) URL)");
    }
    List<ChannelSpec> channels = new ArrayList<>();
    JsonNode list = a.raw("channels");
    if (list != null) {
      if (!list.isArray()) {
        throw new ConfigException(a.at("channels") + ": expected a list");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode entry = list.get(i);
        String where = a.at("channels") + "[" + i + "]"
            + (entry.hasNonNull("name") ? " (" + entry.get("name").asText() + ")" : "");
        ChannelSpec spec;
        try {
          spec = ChannelSpecParser.create(entry);
        } catch (ChannelException e) {
          throw new ConfigException(where + ": " + e.getMessage());
        }
        if (!names.add(spec.name())) {
          throw new ConfigException(where + ": another channel has this name");
        }
        channels.add(spec);
      }
    }
    try {
      return new AlertSettings(traceUrl,
          attempts == null ? AlertSettings.DEFAULT_MAX_ATTEMPTS : (int) Math.min(1000, attempts),
          capacity == null ? AlertSettings.DEFAULT_QUEUE_CAPACITY : (int) Math.min(10_000_000, capacity), channels);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("alerts." + e.getMessage());
    }
  }
}
