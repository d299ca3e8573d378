package dev.airlock.admin.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.policy.RiskSignal;
import dev.airlock.proxy.policy.RiskSignals;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trace's risk signals as the risk_signals jsonb column holds them: one flat object of numbers.
 * Signals that did not fire (0) and a raw risk of 0 are left out of the stored object, which a
 * million rows a day make worth it; reading fills them back in, so a scored trace always lists
 * every signal.
 */
final class RiskSignalsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RiskSignalsJson() {}

  /** The object's text, or null for no signals (stored as SQL NULL). */
  static String write(Map<String, Double> signals) {
    if (signals.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(96).append('{');
    for (Map.Entry<String, Double> e : signals.entrySet()) {
      Double value = e.getValue();
      if ((value == null || value == 0.0) && ZERO_OMITTED.contains(e.getKey())) {
        continue;
      }
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"');
      String key = e.getKey();
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      double v = value == null ? 0.0 : value;
      out.append("\":").append(Double.isFinite(v) ? Double.toString(v) : "0");
    }
    return out.append('}').toString();
  }

  /** The signals of a stored object (empty for null), in stored order. */
  static Map<String, Double> read(String text) {
    if (text == null || text.isEmpty()) {
      return Map.of();
    }
    try {
      return of(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("risk_signals: not a JSON object", e);
    }
  }

  /**
   * The numeric fields of an object node (empty when it is not one), in the order traces list
   * them: the signals in their declaration order, then raw_risk, trust and scrutiny_multiplier,
   * then anything else. jsonb keeps its own key order, so the order is restored here. Signals and
   * raw_risk left out when stored read as 0.
   */
  static Map<String, Double> of(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (String key : ORDER) {
      JsonNode v = node.get(key);
      if (v != null && v.isNumber()) {
        out.put(key, v.doubleValue());
      } else if (ZERO_OMITTED.contains(key)) {
        out.put(key, 0.0);
      }
    }
    node.fields().forEachRemaining(e -> {
      if (e.getValue().isNumber()) {
        out.putIfAbsent(e.getKey(), e.getValue().doubleValue());
      }
    });
    return Collections.unmodifiableMap(out);
  }

  private static final java.util.List<String> ORDER = order();
  /** Keys not stored when 0: every signal, and raw_risk (trust and scrutiny are never 0 in practice). */
  private static final java.util.Set<String> ZERO_OMITTED = zeroOmitted();

  private static java.util.Set<String> zeroOmitted() {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (RiskSignal s : RiskSignal.values()) {
      keys.add(s.wireName());
    }
    keys.add(RiskSignals.RAW_RISK);
    return java.util.Set.copyOf(keys);
  }

  private static java.util.List<String> order() {
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (RiskSignal s : RiskSignal.values()) {
      keys.add(s.wireName());
    }
    keys.add(RiskSignals.RAW_RISK);
    keys.add(RiskSignals.TRUST);
    keys.add(RiskSignals.SCRUTINY);
    return java.util.List.copyOf(keys);
  }
}
