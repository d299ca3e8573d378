package dev.airlock.admin.alerts.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON bodies as bytes, with the JSON content type. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final Map<String, String> CONTENT_TYPE = Map.of("Content-Type", "application/json; charset=utf-8");

  private Json() {}

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode JSON", e);
    }
  }
}
