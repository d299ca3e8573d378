package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.server.ScanService;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/v1/scan}: {@code {tool?, operation?, method, url, headers?,
 * body? | body_base64?, env?}}. Each bad field is a 400 naming it.
 */
final class ScanRequestReader {
  static final Set<String> FIELDS = Set.of("tool", "operation", "method", "url", "headers", "body", "body_base64",
      "env");

  /**
   * A request to scan.
   *
   * @param request what would be sent
   * @param tool the caller's tool hint, or null
   * @param operation the caller's operation hint, or null
   * @param env the environment the caller narrows to, or null
   */
  record ScanRequest(ScanService.Described request, String tool, String operation, String env) {}

  private final ObjectMapper json;

  ScanRequestReader(ObjectMapper json) {
    this.json = json;
  }

  ScanRequest read(ApiRequest req) {
    JsonBody body = JsonBody.parse(json, req, FIELDS);
    String method = required(body, "method");
    if (!method.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0))) {
      throw invalid("method", "method: not an HTTP method token");
    }
    URI url = url(required(body, "url"));
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    ScanService.Described described = new ScanService.Described(scheme, host, port,
        method.toUpperCase(Locale.ROOT), target, headers(body.node("headers")), payload(body));
    return new ScanRequest(described, optional(body, "tool"), optional(body, "operation"), optional(body, "env"));
  }

  private static URI url(String text) {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw invalid("url", "url: not a valid URL (" + e.getReason() + ")");
    }
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw invalid("url", "url: must be an absolute http:// or https:// URL");
    }
    if (url.getHost() == null || url.getRawUserInfo() != null) {
      throw invalid("url", "url: must name a host (and no user info)");
    }
    return url;
  }

  private static Map<String, List<String>> headers(JsonNode node) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!node.isObject()) {
      throw invalid("headers", "headers: must be an object of header names to a string or an array of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      String name = h.getKey();
      if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
        throw invalid("headers", "headers: " + name + " is not a header name");
      }
      List<String> values = out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1));
      JsonNode v = h.getValue();
      if (v.isTextual()) {
        values.add(v.asText());
      } else if (v.isArray()) {
        for (JsonNode e : v) {
          if (!e.isTextual()) {
            throw invalid("headers", "headers: the values of " + name + " must be strings");
          }
          values.add(e.asText());
        }
      } else {
        throw invalid("headers", "headers: the value of " + name + " must be a string or an array of strings");
      }
    }
    return out;
  }

  private static byte[] payload(JsonBody body) {
    String text = optional(body, "body");
    String base64 = optional(body, "body_base64");
    if (text != null && base64 != null) {
      throw invalid("body_base64", "body_base64: give either body or body_base64, not both");
    }
    if (base64 != null) {
      try {
        return Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
      } catch (IllegalArgumentException e) {
        throw invalid("body_base64", "body_base64: not valid base64");
      }
    }
    return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
  }

  private static String required(JsonBody body, String field) {
    String v = optional(body, field);
    if (v == null || v.isBlank()) {
      throw invalid(field, field + ": required");
    }
    return v;
  }

  private static String optional(JsonBody body, String field) {
    JsonNode v = body.node(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(field, field + ": must be a string");
    }
    return v.asText();
  }

  private static ApiException invalid(String field, String message) {
    return ApiException.badRequest("invalid_field", field, message);
  }
}
