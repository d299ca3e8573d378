package dev.airlock.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/** A JSON object request body with typed, strictly checked fields. */
final class JsonBody {
  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  /**
   * Parses the body as one JSON object whose fields are all in {@code allowed}: a typo such as
   * {@code is_prod} is rejected rather than silently ignored.
   */
  static JsonBody parse(ObjectMapper json, ApiRequest req, Set<String> allowed) {
    JsonNode tree;
    try {
      tree = json.readTree(req.body());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("invalid_json", null, "body is not valid JSON: " + firstLine(e));
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("invalid_json", null, "body cannot be read");
    }
    if (tree == null || !tree.isObject()) {
      throw ApiException.badRequest("invalid_json", null, "body must be a JSON object");
    }
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw ApiException.unprocessable(
            "unknown_field", name, name + ": unknown field (expected: one of " + allowed + ")");
      }
    }
    return new JsonBody((ObjectNode) tree);
  }

  /** Whether the body gives {@code field} a value (a JSON null counts as absent). */
  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  /** Whether the body names no field at all. */
  boolean isEmpty() {
    return node.isEmpty();
  }

  /** The field's value as given (any JSON type), or null when absent or null. */
  JsonNode node(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  String text(String field, String fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw invalid(field, "a string");
    }
    return v.asText();
  }

  boolean bool(String field, boolean fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw invalid(field, "true or false");
    }
    return v.asBoolean();
  }

  int integer(String field, int fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw invalid(field, "an integer");
    }
    return v.asInt();
  }

  double number(String field, double fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw invalid(field, "a number");
    }
    return v.asDouble();
  }

  private ApiException invalid(String field, String expected) {
    return ApiException.unprocessable(
        "invalid_field", field, field + ": " + node.get(field) + " (expected: " + expected + ")");
  }

  static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
