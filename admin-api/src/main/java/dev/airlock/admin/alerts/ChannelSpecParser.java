package dev.airlock.admin.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a channel definition (API body, CLI file, config file entry) into a validated {@link
 * ChannelSpec}, or an update of a stored one. Unknown fields are refused so a typo never passes
 * silently.
 */
public final class ChannelSpecParser {
  public static final List<String> EVENTS = List.of("ALLOW", "SANITIZE", "DENY", "REQUIRE_APPROVAL", "INCIDENT");
  static final List<String> DEFAULT_EVENTS = List.of("DENY", "REQUIRE_APPROVAL", "INCIDENT");
  private static final Set<String> FIELDS = Set.of("name", "type", "env_names", "events", "min_severity", "tools",
      "agents", "config", "enabled");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,49}");
  private static final Pattern TERM = Pattern.compile("[^\\s,]{1,200}");

  private ChannelSpecParser() {}

  /** A new channel. */
  public static ChannelSpec create(JsonNode body) {
    ObjectNode o = object(body);
    String name = name(o.get("name"));
    ChannelType type = type(o.get("type"));
    if (!has(o, "env_names")) {
      throw ChannelException.missing("env_names");
    }
    if (!has(o, "config")) {
      throw ChannelException.missing("config");
    }
    return new ChannelSpec(name, type, envNames(o.get("env_names")),
        has(o, "events") ? events(o.get("events")) : DEFAULT_EVENTS,
        has(o, "min_severity") ? severity(o.get("min_severity")) : "LOW",
        has(o, "tools") ? terms("tools", o.get("tools")) : List.of(),
        has(o, "agents") ? terms("agents", o.get("agents")) : List.of(),
        ChannelConfigs.validate(type, o.get("config"), null),
        !has(o, "enabled") || bool("enabled", o.get("enabled")));
  }

  /**
   * {@code current} with the fields {@code body} gives; secrets not given (or given masked) are
   * kept. The type cannot change: a channel of another type is a new channel.
   */
  public static ChannelSpec update(ChannelSpec current, JsonNode body) {
    ObjectNode o = object(body);
    if (has(o, "type") && type(o.get("type")) != current.type()) {
      throw ChannelException.invalid("type", "cannot change (" + current.type().slug()
          + "); create a new channel instead");
    }
    return new ChannelSpec(
        has(o, "name") ? name(o.get("name")) : current.name(),
        current.type(),
        has(o, "env_names") ? envNames(o.get("env_names")) : current.envNames(),
        has(o, "events") ? events(o.get("events")) : current.events(),
        has(o, "min_severity") ? severity(o.get("min_severity")) : current.minSeverity(),
        has(o, "tools") ? terms("tools", o.get("tools")) : current.tools(),
        has(o, "agents") ? terms("agents", o.get("agents")) : current.agents(),
        ChannelConfigs.validate(current.type(), o.get("config"), current.config()),
        has(o, "enabled") ? bool("enabled", o.get("enabled")) : current.enabled());
  }

  private static ObjectNode object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new ChannelException("invalid_json", null, "a channel is a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new ChannelException("unknown_field", f, f + ": unknown field (expected one of: "
            + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
      }
    }
    return (ObjectNode) body;
  }

  private static boolean has(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    return v != null && !v.isNull();
  }

  private static String name(JsonNode v) {
    if (v == null || v.isNull()) {
      throw ChannelException.missing("name");
    }
    if (!v.isTextual() || !NAME.matcher(v.asText()).matches()) {
      throw ChannelException.invalid("name", v + " (expected: " + NAME + ")");
    }
    return v.asText();
  }

  private static ChannelType type(JsonNode v) {
    if (v == null || v.isNull()) {
      throw ChannelException.missing("type");
    }
    ChannelType t = v.isTextual() ? ChannelType.of(v.asText()) : null;
    if (t == null) {
      throw ChannelException.invalid("type", v + " (expected: slack, discord, teams, telegram, webhook, syslog)");
    }
    return t;
  }

  private static List<String> envNames(JsonNode v) {
    List<String> envs = strings("env_names", v);
    if (envs.isEmpty()) {
      throw ChannelException.invalid("env_names", "at least one environment (or [\"*\"] for all)");
    }
    if (envs.contains("*")) {
      if (envs.size() > 1) {
        throw ChannelException.invalid("env_names", "\"*\" stands alone (it means every environment)");
      }
      return envs;
    }
    for (String e : envs) {
      if (!SLUG.matcher(e).matches()) {
        throw ChannelException.invalid("env_names", "\"" + e + "\" is not an environment slug");
      }
    }
    return envs;
  }

  private static List<String> events(JsonNode v) {
    List<String> events = strings("events", v);
    if (events.isEmpty()) {
      throw ChannelException.invalid("events", "at least one of " + String.join(", ", EVENTS));
    }
    for (String e : events) {
      if (!EVENTS.contains(e)) {
        throw ChannelException.invalid("events", "\"" + e + "\" (expected: " + String.join(", ", EVENTS) + ")");
      }
    }
    return events;
  }

  private static String severity(JsonNode v) {
    if (!v.isTextual() || !Severities.ALL.contains(v.asText())) {
      throw ChannelException.invalid("min_severity", v + " (expected: LOW, MEDIUM, HIGH, CRITICAL)");
    }
    return v.asText();
  }

  private static List<String> terms(String field, JsonNode v) {
    List<String> out = strings(field, v);
    for (String s : out) {
      if (!TERM.matcher(s).matches()) {
        throw ChannelException.invalid(field, "\"" + s + "\" is not a name");
      }
    }
    return out;
  }

  private static boolean bool(String field, JsonNode v) {
    if (!v.isBoolean()) {
      throw ChannelException.invalid(field, v + " (expected: true or false)");
    }
    return v.asBoolean();
  }

  /** A list of strings, duplicates folded, order kept. */
  private static List<String> strings(String field, JsonNode v) {
    if (!v.isArray()) {
      throw ChannelException.invalid(field, "expected a list of strings");
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw ChannelException.invalid(field, e + " (expected: a string)");
      }
      out.add(e.asText());
    }
    return new ArrayList<>(out);
  }
}
