package dev.airlock.proxy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.normalize.ForcePush;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/** Parses and validates policy documents (JSON, or YAML). */
public final class PolicyParser {
  static final List<String> DOCUMENT_FIELDS = List.of("name", "description", "env_names", "rules");
  static final List<String> RULE_FIELDS =
      List.of(
          "id", "match", "condition", "action", "severity", "priority", "reason", "redact", "enabled");
  static final List<String> MATCH_FIELDS =
      List.of("tool_name", "operation", "verb", "host", "method", "path", "agent", "runtime_type");
  static final List<String> CONDITION_FIELDS =
      List.of(
          "body_contains_any", "body_contains_all", "body_matches", "data_class_any",
          "external_principal", "force_push", "ref_deleted", "ref_matches", "new_destination",
          "risk_at_least", "trust_below", "threat_intel", "time_window", "read_then_write");
  static final List<String> TIME_WINDOW_FIELDS = List.of("days", "from", "to", "tz");

  static final List<Action> ACTIONS =
      List.of(Action.ALLOW, Action.SANITIZE, Action.DENY, Action.REQUIRE_APPROVAL);
  static final List<Severity> SEVERITIES = List.of(Severity.values());
  static final List<DataClass> DATA_CLASSES = List.of(DataClass.PII, DataClass.SECRETS, DataClass.INTERNAL);

  private PolicyParser() {}

  /**
   * Parses and validates one document.
   *
   * @throws PolicyException naming the JSON path of the first problem
   */
  public static PolicyDocument parse(String text) {
    return document(TreeReader.read(text));
  }

  static PolicyDocument document(JsonNode root) {
    NodeReader doc = NodeReader.object(root, "").allowOnly(DOCUMENT_FIELDS);
    String name = doc.requiredString("name");
    String description = doc.optString("description", "");
    List<String> envNames = doc.stringOrList("env_names");
    if (!doc.has("rules")) {
      throw PolicyException.at("rules", "required");
    }
    List<JsonNode> ruleNodes = doc.list("rules");
    List<PolicyRule> rules = new ArrayList<>(ruleNodes.size());
    for (int i = 0; i < ruleNodes.size(); i++) {
      rules.add(rule(ruleNodes.get(i), "rules[" + i + "]"));
    }
    return within("", () -> new PolicyDocument(name, description, envNames, rules));
  }

  private static PolicyRule rule(JsonNode node, String path) {
    NodeReader rule = NodeReader.object(node, path).allowOnly(RULE_FIELDS);
    String id = rule.requiredString("id");
    RuleMatch match = rule.has("match") ? match(rule.get("match"), rule.child("match")) : null;
    RuleCondition condition =
        rule.has("condition") ? condition(rule.get("condition"), rule.child("condition")) : null;
    Action action = rule.enumValue("action", Action.class, ACTIONS, null);
    Severity severity = rule.enumValue("severity", Severity.class, SEVERITIES, Severity.MEDIUM);
    int priority = rule.optInt("priority", PolicyRule.DEFAULT_PRIORITY);
    String reason = rule.optString("reason", null);
    Set<DataClass> redact = dataClasses(rule, "redact");
    Boolean enabled = rule.optBoolean("enabled");
    return within(
        path,
        () -> new PolicyRule(
            id, match, condition, action, severity, priority, reason, redact,
            enabled == null || enabled));
  }

  private static RuleMatch match(JsonNode node, String path) {
    NodeReader m = NodeReader.object(node, path).allowOnly(MATCH_FIELDS);
    List<List<String>> v = new ArrayList<>(MATCH_FIELDS.size());
    MATCH_FIELDS.forEach(field -> v.add(m.stringOrList(field)));
    return within(
        path,
        () -> new RuleMatch(
            v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7)));
  }

  private static RuleCondition condition(JsonNode node, String path) {
    NodeReader c =
        NodeReader.object(node, path).allowOnly(CONDITION_FIELDS);
    List<String> containsAny = c.stringOrList("body_contains_any");
    List<String> containsAll = c.stringOrList("body_contains_all");
    List<String> matches = c.stringOrList("body_matches");
    List<String> dataClassAny = c.stringOrList("data_class_any");
    Boolean external = c.optBoolean("external_principal");
    Set<ForcePush> forcePush = forcePush(c);
    Boolean refDeleted = c.optBoolean("ref_deleted");
    List<String> refMatches = c.stringOrList("ref_matches");
    Boolean newDestination = c.optBoolean("new_destination");
    Double riskAtLeast = c.optUnit("risk_at_least");
    Double trustBelow = c.optUnit("trust_below");
    Boolean threatIntel = c.optBoolean("threat_intel");
    TimeWindow window = c.has("time_window") ? timeWindow(c.get("time_window"), c.child("time_window")) : null;
    Boolean readThenWrite = c.optBoolean("read_then_write");
    return within(
        path,
        () -> new RuleCondition(
            containsAny, containsAll, matches, dataClassAny, external, forcePush, refDeleted,
            refMatches, newDestination, riskAtLeast, trustBelow, threatIntel, window, readThenWrite));
  }

  /**
   * A time window, {@code {"days": ["mon-fri"], "from": "08:00", "to": "18:00", "tz": "Europe/Berlin"}}:
   * days (names or ranges; default every day) and tz (default UTC) are optional.
   *
   * @throws PolicyException naming the JSON path under {@code path}
   */
  public static TimeWindow parseTimeWindow(JsonNode node, String path) {
    return timeWindow(node, path);
  }

  static TimeWindow timeWindow(JsonNode node, String path) {
    NodeReader w = NodeReader.object(node, path).allowOnly(TIME_WINDOW_FIELDS);
    int days = TimeWindow.EVERY_DAY;
    if (w.has("days")) {
      List<String> names = w.stringOrList("days");
      days = 0;
      for (int i = 0; i < names.size(); i++) {
        int bits = TimeWindow.dayBits(names.get(i));
        if (bits == 0) {
          String at = w.get("days").isArray() ? w.child("days") + "[" + i + "]" : w.child("days");
          throw PolicyException.at(at, "\"" + names.get(i) + "\" (expected: mon, tue, wed, thu, fri, sat, sun"
              + " or a range such as mon-fri)");
        }
        days |= bits;
      }
    }
    int from = minutes(w, "from");
    int to = minutes(w, "to");
    String tz = w.optString("tz", "UTC");
    java.time.ZoneId zone = TimeWindow.zone(tz);
    if (zone == null) {
      throw PolicyException.at(w.child("tz"), "\"" + tz + "\" (expected: a time zone such as Europe/Berlin or UTC)");
    }
    int d = days;
    return within(path, () -> new TimeWindow(d, from, to, zone));
  }

  private static int minutes(NodeReader w, String field) {
    String text = w.requiredString(field);
    int minutes = TimeWindow.minutes(text);
    if (minutes < 0) {
      throw PolicyException.at(w.child(field), "\"" + text + "\" (expected: HH:MM, e.g. 08:00)");
    }
    return minutes;
  }

  private static Set<ForcePush> forcePush(NodeReader c) {
    Set<ForcePush> states = EnumSet.noneOf(ForcePush.class);
    List<JsonNode> values = c.objectOrList("force_push");
    if (c.has("force_push") && values.isEmpty()) {
      throw PolicyException.at(c.child("force_push"), "[] (expected: true, false, \"unknown\")");
    }
    for (int i = 0; i < values.size(); i++) {
      String at = c.get("force_push").isArray() ? c.child("force_push") + "[" + i + "]" : c.child("force_push");
      states.add(forcePushState(values.get(i), at));
    }
    return states;
  }

  /** Accepts JSON booleans and the strings "true", "false", "unknown". */
  static ForcePush forcePushState(JsonNode value, String at) {
    String text = value.isBoolean() ? value.asText() : value.isTextual() ? value.textValue() : "";
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return ForcePush.TRUE;
      case "false":
        return ForcePush.FALSE;
      case "unknown":
        return ForcePush.UNKNOWN;
      default:
        throw PolicyException.at(
            at, NodeReader.describe(value) + " (expected: true, false, \"unknown\")");
    }
  }

  private static Set<DataClass> dataClasses(NodeReader reader, String field) {
    List<JsonNode> values = reader.objectOrList(field);
    boolean list = reader.has(field) && reader.get(field).isArray();
    if (list && values.isEmpty()) {
      throw PolicyException.at(reader.child(field), "[] (expected: at least one of PII, SECRETS, INTERNAL)");
    }
    Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
    for (int i = 0; i < values.size(); i++) {
      String at = list ? reader.child(field) + "[" + i + "]" : reader.child(field);
      classes.add(NodeReader.parseEnum(values.get(i), at, DataClass.class, DATA_CLASSES));
    }
    return classes;
  }

  /** Builds a record, re-rooting its self-relative validation errors at {@code path}. */
  private static <T> T within(String path, Supplier<T> build) {
    try {
      return build.get();
    } catch (PolicyException e) {
      throw e.under(path);
    }
  }
}
