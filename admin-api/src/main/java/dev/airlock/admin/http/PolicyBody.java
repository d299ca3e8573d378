package dev.airlock.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Applies the {@code ?env=E} rule to a policy body before validation: a document without {@code
 * env_names} is scoped to E (written into the document, so the stored text and the engine agree),
 * one that names other environments is refused.
 */
final class PolicyBody {
  private final ObjectMapper json;
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  PolicyBody(ObjectMapper json) {
    this.json = json;
  }

  /** The text to validate: unchanged without env, else JSON scoped to env. */
  String scopedTo(ApiRequest req, String env) {
    if (env == null) {
      return req.bodyText();
    }
    ObjectNode doc = tree(req);
    JsonNode names = doc.get("env_names");
    if (names == null || names.isNull()) {
      doc.putArray("env_names").add(env);
    } else if (!contains(names, env)) {
      throw ApiException.unprocessable(
          "env_mismatch", "env_names", "env_names: " + names + " does not include \"" + env + "\"");
    }
    return write(doc);
  }

  /**
   * The text to validate, with env_names set to [env] when the document has none: a key limited to
   * one environment writes there unless the document says otherwise (and then needs the right).
   */
  String defaultedTo(ApiRequest req, String env) {
    ObjectNode doc = tree(req);
    JsonNode names = doc.get("env_names");
    if (names == null || names.isNull()) {
      doc.putArray("env_names").add(env);
    }
    return write(doc);
  }

  private ObjectNode tree(ApiRequest req) {
    if (req.bodyText().isBlank()) {
      throw ApiException.unprocessable("invalid_policy", "", "document is empty");
    }
    JsonNode tree;
    try {
      boolean isJson = req.contentType().toLowerCase(java.util.Locale.ROOT).contains("json");
      tree = (isJson ? json : yaml).readTree(req.body());
    } catch (java.io.IOException e) {
      throw ApiException.unprocessable(
          "invalid_policy", "", "document cannot be parsed: " + JsonBody.firstLine(e));
    }
    if (tree == null || !tree.isObject()) {
      throw ApiException.unprocessable("invalid_policy", "", "document must be an object");
    }
    return (ObjectNode) tree;
  }

  private String write(ObjectNode doc) {
    try {
      return json.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean contains(JsonNode names, String env) {
    if (!names.isArray()) {
      return false;
    }
    for (JsonNode n : (ArrayNode) names) {
      if (env.equals(n.asText())) {
        return true;
      }
    }
    return false;
  }
}
