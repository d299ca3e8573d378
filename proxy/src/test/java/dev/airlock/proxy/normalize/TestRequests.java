package dev.airlock.proxy.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds {@link InspectedRequest}s from the request part of the YAML test cases. */
public final class TestRequests {
  private TestRequests() {}

  /** Fields: method, url, headers (map), and body (text) or body_file (test resource). */
  public static InspectedRequest fromCase(JsonNode request) {
    URI uri = URI.create(request.get("url").asText());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    JsonNode h = request.get("headers");
    if (h != null) {
      h.properties().forEach(e ->
          headers.put(e.getKey().toLowerCase(Locale.ROOT), List.of(e.getValue().asText())));
    }
    byte[] body = new byte[0];
    if (request.has("body")) {
      body = request.get("body").asText().getBytes(StandardCharsets.UTF_8);
    } else if (request.has("body_file")) {
      body = resource("normalize/" + request.get("body_file").asText());
    }
    String host = uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new InspectedRequest(uri.getScheme(), host, port, request.get("method").asText(), path,
        uri.getRawQuery(), headers, body, true);
  }

  public static byte[] resource(String name) {
    try (InputStream in = TestRequests.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
