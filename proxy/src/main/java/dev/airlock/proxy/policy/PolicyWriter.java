package dev.airlock.proxy.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.normalize.ForcePush;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Canonical JSON of a document: fixed field order, every default written out, lists always as
 * arrays, sets in enum order. Two equal documents therefore always store the same bytes, which
 * keeps version diffs and change detection meaningful.
 */
final class PolicyWriter {
  // ObjectWriter is immutable and thread-safe.
  private static final ObjectWriter JSON = JsonMapper.builder().build().writer();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PolicyWriter() {}

  static String toJson(PolicyDocument doc) {
    ObjectNode root = NODES.objectNode();
    root.put("name", doc.name());
    root.put("description", doc.description());
    root.set("env_names", strings(doc.envNames()));
    ArrayNode rules = root.putArray("rules");
    doc.rules().forEach(rule -> rules.add(rule(rule)));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode rule(PolicyRule rule) {
    ObjectNode node = NODES.objectNode();
    node.put("id", rule.id());
    node.put("enabled", rule.enabled());
    node.put("priority", rule.priority());
    node.put("action", rule.action().name());
    node.put("severity", rule.severity().name());
    node.put("reason", rule.reason());
    if (!rule.match().matchesEverything()) {
      node.set("match", match(rule.match()));
    }
    if (!rule.condition().equals(RuleCondition.NONE)) {
      node.set("condition", condition(rule.condition()));
    }
    if (!rule.redact().isEmpty()) {
      node.set("redact", strings(EnumSet.copyOf(rule.redact())));
    }
    return node;
  }

  private static ObjectNode match(RuleMatch m) {
    ObjectNode node = NODES.objectNode();
    putList(node, "tool_name", m.toolName());
    putList(node, "operation", m.operation());
    putList(node, "verb", m.verb());
    putList(node, "host", m.host());
    putList(node, "method", m.method());
    putList(node, "path", m.path());
    putList(node, "agent", m.agent());
    putList(node, "runtime_type", m.runtimeType());
    return node;
  }

  private static ObjectNode condition(RuleCondition c) {
    ObjectNode node = NODES.objectNode();
    putList(node, "body_contains_any", c.bodyContainsAny());
    putList(node, "body_contains_all", c.bodyContainsAll());
    putList(node, "body_matches", c.bodyMatches());
    putList(node, "data_class_any", c.dataClassAny());
    if (c.externalPrincipal() != null) {
      node.put("external_principal", c.externalPrincipal());
    }
    if (!c.forcePush().isEmpty()) {
      node.set("force_push", forcePush(c.forcePush()));
    }
    if (c.refDeleted() != null) {
      node.put("ref_deleted", c.refDeleted());
    }
    putList(node, "ref_matches", c.refMatches());
    if (c.newDestination() != null) {
      node.put("new_destination", c.newDestination());
    }
    if (c.riskAtLeast() != null) {
      node.put("risk_at_least", c.riskAtLeast());
    }
    if (c.trustBelow() != null) {
      node.put("trust_below", c.trustBelow());
    }
    if (c.threatIntel() != null) {
      node.put("threat_intel", c.threatIntel());
    }
    if (c.timeWindow() != null) {
      node.set("time_window", timeWindow(c.timeWindow()));
    }
    if (c.readThenWrite() != null) {
      node.put("read_then_write", c.readThenWrite());
    }
    return node;
  }

  private static ObjectNode timeWindow(TimeWindow w) {
    ObjectNode node = NODES.objectNode();
    ArrayNode days = node.putArray("days");
    for (int d = 0; d < 7; d++) {
      if ((w.dayMask() & (1 << d)) != 0) {
        days.add(TimeWindow.DAYS.get(d));
      }
    }
    node.put("from", hhmm(w.fromMinute()));
    node.put("to", hhmm(w.toMinute()));
    node.put("tz", w.zone().getId());
    return node;
  }

  private static String hhmm(int minutes) {
    return String.format(java.util.Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
  }

  private static ArrayNode forcePush(Set<ForcePush> states) {
    ArrayNode array = NODES.arrayNode();
    for (ForcePush state : EnumSet.copyOf(states)) {
      switch (state) {
        case TRUE -> array.add(true);
        case FALSE -> array.add(false);
        case UNKNOWN -> array.add("unknown");
      }
    }
    return array;
  }

  private static void putList(ObjectNode node, String field, List<String> values) {
    if (!values.isEmpty()) {
      node.set(field, strings(values));
    }
  }

  private static ArrayNode strings(Collection<?> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(v -> array.add(String.valueOf(v)));
    return array;
  }
}
