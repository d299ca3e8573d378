package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.EphemeralGrant;
import dev.airlock.admin.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /agents/{id}/keys}: empty (or {@code {}}) for a long-lived key, or an
 * ephemeral key's {@code {"ephemeral": true, "ttl": "1h", "operations": ["slack.post_message"],
 * "hosts": ["slack.com"]}}. {@code ttl} is seconds, or a number with s, m or h; {@code ttl} or
 * {@code operations} alone also make the key ephemeral.
 */
final class EphemeralKeyBody {
  static final Set<String> FIELDS = Set.of("ephemeral", "ttl", "operations", "hosts");
  private static final Pattern TTL = Pattern.compile("(\\d{1,9})([smh]?)");

  private EphemeralKeyBody() {}

  /** The ephemeral grant asked for, or null for a long-lived key. */
  static EphemeralGrant parse(ObjectMapper json, ApiRequest req) {
    if (req.body().length == 0) {
      return null;
    }
    JsonBody body = JsonBody.parse(json, req, FIELDS);
    boolean ephemeral = body.bool("ephemeral", body.has("ttl") || body.has("operations"));
    if (!ephemeral) {
      if (body.has("ttl") || body.has("operations") || body.has("hosts")) {
        throw ApiException.badRequest("invalid_field", "ephemeral",
            "ttl, operations and hosts apply to ephemeral keys only (ephemeral: true)");
      }
      return null;
    }
    if (!body.has("ttl")) {
      throw ApiException.badRequest("missing_field", "ttl", "ttl is required for an ephemeral key (e.g. \"1h\"; at"
          + " most 24h)");
    }
    try {
      return new EphemeralGrant(ttlSeconds(body.node("ttl")), strings(body.node("operations"), "operations"),
          strings(body.node("hosts"), "hosts"));
    } catch (StoreException e) {
      throw ApiException.badRequest(e.code(), e.field(), e.getMessage());
    }
  }

  private static long ttlSeconds(JsonNode ttl) {
    if (ttl.isIntegralNumber()) {
      return ttl.asLong();
    }
    Matcher m = ttl.isTextual() ? TTL.matcher(ttl.asText().trim()) : null;
    if (m == null || !m.matches()) {
      throw ApiException.badRequest("invalid_ttl", "ttl", "ttl: " + ttl + " (expected: seconds, or a duration such as"
          + " 90s, 10m, 1h; at most 24h)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> n * 60;
      case "h" -> n * 3600;
      default -> n;
    };
  }

  private static List<String> strings(JsonNode node, String field) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest("invalid_field", field, field + ": expected an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw ApiException.badRequest("invalid_field", field + "[" + i + "]", field + "[" + i + "]: expected a string");
      }
      out.add(node.get(i).asText());
    }
    return out;
  }
}
