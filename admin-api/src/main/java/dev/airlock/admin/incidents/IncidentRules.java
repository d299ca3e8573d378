package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.config.ConfigException;
import dev.airlock.admin.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of every trigger. Read from {@code incidents} in airlock.yaml and changed through
 * the API with a document of the same shape:
 *
 * <pre>
 * {"auto_actions": {"lower_trust": true, "pin_scrutiny_hours": 24, "pin_multiplier": 2.0, "alert": true},
 *  "triggers": {"deny_burst": {"enabled": true, "threshold": 5, "window": "1h", "severity": "HIGH",
 *                              "auto_actions": {...}}}}
 * </pre>
 *
 * Every key is optional; what a document leaves out keeps its value. Top-level {@code auto_actions}
 * apply to every trigger, a trigger's own override them.
 */
public record IncidentRules(Map<IncidentTrigger, TriggerSettings> triggers) {
  private static final Set<String> TOP = Set.of("auto_actions", "triggers");
  private static final Set<String> TRIGGER = Set.of("enabled", "threshold", "window", "severity", "auto_actions");
  private static final Set<String> ACTIONS = Set.of("lower_trust", "pin_scrutiny_hours", "pin_multiplier", "alert");

  public IncidentRules {
    EnumMap<IncidentTrigger, TriggerSettings> all = new EnumMap<>(IncidentTrigger.class);
    for (IncidentTrigger t : IncidentTrigger.values()) {
      all.put(t, triggers.getOrDefault(t, t.defaults()));
    }
    triggers = Map.copyOf(all);
  }

  public static IncidentRules defaults() {
    return new IncidentRules(Map.of());
  }

  public TriggerSettings of(IncidentTrigger trigger) {
    return triggers.get(trigger);
  }

  /** The triggers that open incidents, in declaration order. */
  List<IncidentTrigger> enabled() {
    List<IncidentTrigger> on = new ArrayList<>();
    for (IncidentTrigger t : IncidentTrigger.values()) {
      if (triggers.get(t).enabled()) {
        on.add(t);
      }
    }
    return List.copyOf(on);
  }

  /**
   * These rules with {@code doc} laid over them.
   *
   * @param path where the document sits, for messages (e.g. {@code incidents})
   * @throws IllegalArgumentException naming the key at fault
   */
  public IncidentRules with(JsonNode doc, String path) {
    if (doc == null || doc.isNull()) {
      return this;
    }
    requireObject(doc, path, TOP);
    EnumMap<IncidentTrigger, TriggerSettings> next = new EnumMap<>(triggers);
    JsonNode shared = doc.get("auto_actions");
    if (shared != null && !shared.isNull()) {
      for (IncidentTrigger t : IncidentTrigger.values()) {
        TriggerSettings s = next.get(t);
        next.put(t, new TriggerSettings(s.enabled(), s.threshold(), s.window(), s.severity(),
            actions(s.autoActions(), shared, at(path, "auto_actions"))));
      }
    }
    JsonNode triggerDocs = doc.get("triggers");
    if (triggerDocs != null && !triggerDocs.isNull()) {
      String tp = at(path, "triggers");
      requireObject(triggerDocs, tp, null);
      for (Iterator<Map.Entry<String, JsonNode>> it = triggerDocs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        IncidentTrigger t = IncidentTrigger.of(e.getKey());
        if (t == null) {
          throw new IllegalArgumentException(at(tp, e.getKey()) + ": unknown trigger (expected one of: "
              + names() + ")");
        }
        next.put(t, trigger(t, next.get(t), e.getValue(), at(tp, e.getKey())));
      }
    }
    return new IncidentRules(next);
  }

  /** The same, parsing airlock.yaml's {@code incidents} section (tickets excluded): a ConfigException. */
  static IncidentRules fromConfig(JsonNode doc) {
    try {
      return defaults().with(doc, "incidents");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** Every trigger's settings in the document shape. */
  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode out = root.putObject("triggers");
    for (IncidentTrigger t : IncidentTrigger.values()) {
      TriggerSettings s = triggers.get(t);
      ObjectNode n = out.putObject(t.wireName());
      n.put("enabled", s.enabled());
      if (t.counts()) {
        n.put("threshold", s.count());
      } else {
        n.put("threshold", s.threshold());
      }
      n.put("window", Durations.describe(s.window()));
      n.put("severity", s.severity());
      ObjectNode a = n.putObject("auto_actions");
      a.put("lower_trust", s.autoActions().lowerTrust());
      a.put("pin_scrutiny_hours", s.autoActions().pinScrutinyHours());
      a.put("pin_multiplier", s.autoActions().pinMultiplier());
      a.put("alert", s.autoActions().alert());
    }
    return root;
  }

  private static TriggerSettings trigger(IncidentTrigger t, TriggerSettings base, JsonNode doc, String path) {
    requireObject(doc, path, TRIGGER);
    boolean enabled = bool(doc, "enabled", base.enabled(), path);
    double threshold = base.threshold();
    JsonNode th = doc.get("threshold");
    if (th != null && !th.isNull()) {
      boolean whole = th.isIntegralNumber() && th.asLong() >= 1;
      if (t.counts() ? !whole : !(th.isNumber() && th.asDouble() > 0 && th.asDouble() < 1)) {
        throw new IllegalArgumentException(at(path, "threshold") + ": " + th + (t.counts()
            ? " (expected: a whole number of events >= 1)" : " (expected: a drop of trust between 0 and 1)"));
      }
      threshold = th.asDouble();
    }
    Duration window = base.window();
    JsonNode w = doc.get("window");
    if (w != null && !w.isNull()) {
      if (!w.isTextual()) {
        throw new IllegalArgumentException(at(path, "window") + ": " + w + " (expected: a duration such as 1h)");
      }
      window = parseDuration(w.asText(), at(path, "window"));
    }
    String severity = base.severity();
    JsonNode sv = doc.get("severity");
    if (sv != null && !sv.isNull()) {
      severity = sv.asText().toUpperCase(java.util.Locale.ROOT);
      if (!sv.isTextual() || !TriggerSettings.SEVERITIES.contains(severity)) {
        throw new IllegalArgumentException(at(path, "severity") + ": " + sv
            + " (expected: LOW, MEDIUM, HIGH or CRITICAL)");
      }
    }
    AutoActions actions = base.autoActions();
    JsonNode a = doc.get("auto_actions");
    if (a != null && !a.isNull()) {
      actions = actions(actions, a, at(path, "auto_actions"));
    }
    try {
      return new TriggerSettings(enabled, threshold, window, severity, actions);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + "." + e.getMessage(), e);
    }
  }

  private static AutoActions actions(AutoActions base, JsonNode doc, String path) {
    requireObject(doc, path, ACTIONS);
    int hours = base.pinScrutinyHours();
    JsonNode h = doc.get("pin_scrutiny_hours");
    if (h != null && !h.isNull()) {
      if (!h.isIntegralNumber() || !h.canConvertToInt()) {
        throw new IllegalArgumentException(at(path, "pin_scrutiny_hours") + ": " + h + " (expected: whole hours)");
      }
      hours = h.asInt();
    }
    double multiplier = base.pinMultiplier();
    JsonNode m = doc.get("pin_multiplier");
    if (m != null && !m.isNull()) {
      if (!m.isNumber()) {
        throw new IllegalArgumentException(at(path, "pin_multiplier") + ": " + m + " (expected: a number)");
      }
      multiplier = m.asDouble();
    }
    try {
      return new AutoActions(bool(doc, "lower_trust", base.lowerTrust(), path), hours, multiplier,
          bool(doc, "alert", base.alert(), path));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + "." + e.getMessage(), e);
    }
  }

  private static Duration parseDuration(String text, String path) {
    try {
      return Durations.parse(text, path);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static boolean bool(JsonNode doc, String key, boolean fallback, String path) {
    JsonNode v = doc.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(at(path, key) + ": " + v + " (expected: true or false)");
    }
    return v.asBoolean();
  }

  private static void requireObject(JsonNode doc, String path, Set<String> allowed) {
    if (!doc.isObject()) {
      throw new IllegalArgumentException(path + ": expected a mapping");
    }
    if (allowed != null) {
      for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k)) {
          throw new IllegalArgumentException(at(path, k) + ": unknown key (expected one of: "
              + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        }
      }
    }
  }

  private static String names() {
    StringBuilder b = new StringBuilder();
    for (IncidentTrigger t : IncidentTrigger.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(t.wireName());
    }
    return b.toString();
  }

  private static String at(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
