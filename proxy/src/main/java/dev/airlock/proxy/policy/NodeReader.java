package dev.airlock.proxy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Typed reads of one JSON/YAML object. Every failure is a {@link PolicyException} naming the JSON
 * path, so callers never format paths themselves. An explicit {@code null} counts as absent, which
 * is what a YAML key with no value produces.
 */
final class NodeReader {
  private final JsonNode node;
  private final String path;

  private NodeReader(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Reads {@code node} as an object, failing when it is anything else. */
  static NodeReader object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw PolicyException.at(path, describe(node) + " (expected: an object)");
    }
    return new NodeReader(node, path);
  }

  String path() {
    return path;
  }

  String child(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Rejects fields that are not in {@code known}, listing what is accepted. */
  NodeReader allowOnly(List<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw PolicyException.at(
            child(name), "unknown field (expected one of: " + String.join(", ", known) + ")");
      }
    }
    return this;
  }

  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  JsonNode get(String field) {
    return has(field) ? node.get(field) : null;
  }

  String requiredString(String field) {
    if (!has(field)) {
      throw PolicyException.at(child(field), "required");
    }
    return optString(field, null);
  }

  String optString(String field, String fallback) {
    JsonNode value = get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw PolicyException.at(child(field), describe(value) + " (expected: a string)");
    }
    return value.textValue();
  }

  /** A string or a list of strings; empty when absent. Empty strings and lists are errors. */
  List<String> stringOrList(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      return List.of(nonEmptyText(value, child(field)));
    }
    if (value.isEmpty()) {
      throw PolicyException.at(child(field), "[] (expected: a string or a non-empty list of strings)");
    }
    List<String> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      out.add(nonEmptyText(value.get(i), child(field) + "[" + i + "]"));
    }
    return out;
  }

  /** An object, or a list of them, or nothing. */
  List<JsonNode> objectOrList(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(out::add);
    } else {
      out.add(value);
    }
    return out;
  }

  /** A list; empty when absent; a non-list is an error. */
  List<JsonNode> list(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw PolicyException.at(child(field), describe(value) + " (expected: a list)");
    }
    List<JsonNode> out = new ArrayList<>(value.size());
    value.forEach(out::add);
    return out;
  }

  Boolean optBoolean(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw PolicyException.at(child(field), describe(value) + " (expected: true or false)");
    }
    return value.booleanValue();
  }

  /** A number from 0 to 1, or null when absent. */
  Double optUnit(String field) {
    JsonNode value = get(field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber() || !(value.doubleValue() >= 0.0 && value.doubleValue() <= 1.0)) {
      throw PolicyException.at(child(field), describe(value) + " (expected: a number from 0 to 1)");
    }
    return value.doubleValue();
  }

  int optInt(String field, int fallback) {
    JsonNode value = get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw PolicyException.at(child(field), describe(value) + " (expected: an integer)");
    }
    return value.intValue();
  }

  /**
   * An enum constant by name, case-insensitively.
   *
   * @param expected constants in the order the error message lists them
   */
  <E extends Enum<E>> E enumValue(String field, Class<E> type, List<E> expected, E fallback) {
    JsonNode value = get(field);
    if (value == null) {
      if (fallback == null) {
        throw PolicyException.at(child(field), "required");
      }
      return fallback;
    }
    return parseEnum(value, child(field), type, expected);
  }

  static <E extends Enum<E>> E parseEnum(JsonNode value, String at, Class<E> type, List<E> expected) {
    if (value.isTextual()) {
      for (E constant : expected) {
        if (constant.name().equals(value.textValue().trim().toUpperCase(Locale.ROOT))) {
          return constant;
        }
      }
    }
    throw PolicyException.at(at, describe(value) + " (expected: " + join(expected) + ")");
  }

  static String join(List<?> values) {
    List<String> names = new ArrayList<>(values.size());
    values.forEach(v -> names.add(String.valueOf(v)));
    return String.join(", ", names);
  }

  /** The offending value as JSON, so strings show their quotes: {@code "BLOK"}. */
  static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String json = value.toString();
    return json.length() > 80 ? json.substring(0, 77) + "..." : json;
  }

  private static String nonEmptyText(JsonNode value, String at) {
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw PolicyException.at(at, describe(value) + " (expected: a non-empty string)");
    }
    return value.textValue();
  }
}
