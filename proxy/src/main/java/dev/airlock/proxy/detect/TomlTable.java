package dev.airlock.proxy.detect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads over one table of a parsed TOML file. Keys are matched ignoring case, as gitleaks
 * reads them (its files spell {@code secretGroup}, {@code stopwords} and {@code regexTarget} in
 * whatever case), and unknown keys are rejected so a misspelt key never silently does nothing.
 * Errors are {@link IllegalArgumentException}s whose message starts with the key.
 */
final class TomlTable {
  private final Map<String, JsonNode> values;

  private TomlTable(Map<String, JsonNode> values) {
    this.values = values;
  }

  /** The table {@code node}; {@code where} names it in errors ("rules[2]", "allowlist"). */
  static TomlTable of(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": expected a table");
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (values.put(key, e.getValue()) != null) {
        throw new IllegalArgumentException(where + "." + e.getKey() + ": key given twice (keys ignore case)");
      }
    }
    return new TomlTable(Collections.unmodifiableMap(values));
  }

  /** Rejects keys outside {@code allowed} (lower-case). */
  void allowOnly(Set<String> allowed) {
    for (String key : values.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            key + ": unknown key (expected one of: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  String string(String key) {
    JsonNode v = values.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(key + ": " + v + " (expected: a string)");
    }
    return v.asText();
  }

  /** An integer, or {@code fallback} when absent. */
  int integer(String key, int fallback) {
    JsonNode v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException(key + ": " + v + " (expected: an integer)");
    }
    return v.asInt();
  }

  /** A number (integer or float), or {@code fallback} when absent. */
  double number(String key, double fallback) {
    JsonNode v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(key + ": " + v + " (expected: a number)");
    }
    return v.asDouble();
  }

  boolean bool(String key) {
    JsonNode v = values.get(key);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(key + ": " + v + " (expected: true or false)");
    }
    return v.asBoolean();
  }

  /** An array of strings; empty when absent. */
  List<String> strings(String key) {
    JsonNode v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(key + ": " + v + " (expected: an array of strings)");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new IllegalArgumentException(key + "[" + i + "]: " + v.get(i) + " (expected: a string)");
      }
      out.add(v.get(i).asText());
    }
    return out;
  }

  /** A sub-table ({@code [key]}), or null when absent. */
  TomlTable table(String key) {
    JsonNode v = values.get(key);
    return v == null ? null : of(v, key);
  }

  /** An array of tables ({@code [[key]]}); empty when absent. */
  List<TomlTable> tables(String key) {
    JsonNode v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(key + ": expected an array of tables ([[" + key + "]])");
    }
    List<TomlTable> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      out.add(of(v.get(i), key + "[" + i + "]"));
    }
    return out;
  }
}
