package dev.airlock.admin.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed, path-aware reads over a parsed YAML/JSON config node. Every error names the full key
 * path, and unknown keys are rejected so a typo never silently falls back to a default.
 */
final class ConfigTree {
  private final JsonNode node;
  private final String path;

  ConfigTree(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  ConfigTree child(String key) {
    JsonNode c = node == null ? null : node.get(key);
    if (c != null && !c.isNull() && !c.isObject()) {
      throw new ConfigException(at(key) + ": expected a mapping");
    }
    return new ConfigTree(c == null || c.isNull() ? null : c, at(key));
  }

  void allowOnly(Set<String> keys) {
    if (node == null) {
      return;
    }
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw new ConfigException(at(k) + ": unknown key (expected one of: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
      }
    }
  }

  String string(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode()) {
      throw new ConfigException(at(key) + ": expected a string");
    }
    return v.asText();
  }

  Long integer(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return null;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new ConfigException(at(key) + ": " + v + " (expected: an integer)");
    }
    return v.asLong();
  }

  /** A number, or null when absent. */
  Double number(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw new ConfigException(at(key) + ": " + v + " (expected: a number)");
    }
    return v.doubleValue();
  }

  /** The raw node under {@code key}, or null when absent. */
  JsonNode raw(String key) {
    return value(key);
  }

  /** The keys present. */
  List<String> keys() {
    List<String> out = new ArrayList<>();
    if (node != null) {
      node.fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  Duration duration(String key) {
    String s = string(key);
    return s == null ? null : Durations.parse(s, at(key));
  }

  List<String> strings(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw new ConfigException(at(key) + ": expected a list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isValueNode() || e.isNull()) {
        throw new ConfigException(at(key) + "[" + i + "]: expected a string");
      }
      out.add(e.asText());
    }
    return out;
  }

  List<ConfigTree> objects(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new ConfigException(at(key) + ": expected a list");
    }
    List<ConfigTree> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        throw new ConfigException(at(key) + "[" + i + "]: expected a mapping");
      }
      out.add(new ConfigTree(v.get(i), at(key) + "[" + i + "]"));
    }
    return out;
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private JsonNode value(String key) {
    JsonNode v = node == null ? null : node.get(key);
    return v == null || v.isNull() ? null : v;
  }
}
