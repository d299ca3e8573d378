package dev.airlock.proxy.normalize.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.airlock.proxy.normalize.InspectedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads single fields from JSON or form-encoded request bodies, and query strings. */
public final class BodyFields {
  private static final ObjectReader JSON = new ObjectMapper().reader();

  private BodyFields() {}

  /** The body as a JSON tree when it is a JSON object or array, else empty. */
  public static Optional<JsonNode> json(InspectedRequest req) {
    byte[] body = req.body();
    int i = 0;
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    if (i == body.length || (body[i] != '{' && body[i] != '[')) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A text or number value at a dotted path ("params.name") of a JSON tree, else empty. */
  public static Optional<String> text(JsonNode root, String dottedPath) {
    JsonNode node = root;
    for (String part : dottedPath.split("\\.", -1)) {
      node = node == null ? null : node.get(part);
    }
    return node != null && node.isValueNode() && !node.isNull()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  /** Form fields of an application/x-www-form-urlencoded body (first value wins). */
  public static Map<String, String> form(InspectedRequest req) {
    if (!req.mediaType().equals("application/x-www-form-urlencoded")) {
      return Map.of();
    }
    return parseUrlEncoded(req.bodyText());
  }

  /** Query parameters (first value wins). */
  public static Map<String, String> query(InspectedRequest req) {
    return req.query() == null ? Map.of() : parseUrlEncoded(req.query());
  }

  /**
   * Looks fields up in a JSON body, else a form body, else a multipart text field, else the query
   * string: APIs such as Slack's accept the same argument in all of them. The body is parsed once.
   */
  public static Lookup lookup(InspectedRequest req) {
    return new Lookup(req, json(req).orElse(null), form(req), query(req));
  }

  /** Field lookup over one request's already-parsed body and query. */
  public static final class Lookup {
    private final InspectedRequest req;
    private final JsonNode json;
    private final Map<String, String> form;
    private final Map<String, String> query;

    private Lookup(
        InspectedRequest req, JsonNode json, Map<String, String> form, Map<String, String> query) {
      this.req = req;
      this.json = json;
      this.form = form;
      this.query = query;
    }

    public Optional<String> get(String name) {
      if (json != null) {
        Optional<String> value = text(json, name);
        if (value.isPresent()) {
          return value;
        }
      }
      String value = form.get(name);
      if (value == null) {
        value = multipartField(req, name);
      }
      return Optional.ofNullable(value != null ? value : query.get(name));
    }
  }

  /**
   * A short text field of a multipart/form-data body (e.g. Slack files.upload's "channels"), found
   * by its Content-Disposition name; file parts are never decoded.
   */
  static String multipartField(InspectedRequest req, String name) {
    if (!req.mediaType().equals("multipart/form-data")) {
      return null;
    }
    String text = req.bodyText();
    String marker = "name=\"" + name + "\"";
    int at = text.indexOf(marker);
    while (at >= 0) {
      int lineEnd = text.indexOf('\n', at);
      boolean isFile = lineEnd > 0 && text.substring(at, lineEnd).contains("filename=");
      int start = text.indexOf("\r\n\r\n", at);
      if (!isFile && start >= 0) {
        int end = text.indexOf("\r\n--", start + 4);
        return end < 0 ? null : text.substring(start + 4, end);
      }
      at = text.indexOf(marker, at + marker.length());
    }
    return null;
  }

  private static Map<String, String> parseUrlEncoded(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(key, value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
