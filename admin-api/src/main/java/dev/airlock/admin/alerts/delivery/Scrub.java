package dev.airlock.admin.alerts.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.AlertChannel;

/** Removes a channel's secret values from text about it (errors may quote URLs or bodies). */
final class Scrub {
  private static final int MIN_SECRET = 6;

  private Scrub() {}

  static String secrets(AlertChannel channel, String text) {
    String out = text;
    for (JsonNode v : channel.spec().config()) {
      out = scrub(v, out);
    }
    return out;
  }

  private static String scrub(JsonNode v, String text) {
    if (v.isObject()) {
      String out = text;
      for (JsonNode inner : v) {
        out = scrub(inner, out);
      }
      return out;
    }
    String s = v.asText();
    return s.length() >= MIN_SECRET && text.contains(s) ? text.replace(s, "****") : text;
  }
}
