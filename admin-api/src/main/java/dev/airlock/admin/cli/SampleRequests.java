package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Sample HTTP requests written in test-case files, turned into what the proxy would inspect. */
final class SampleRequests {
  private SampleRequests() {}

  static RequestInspector inspector(Path toolsDir) {
    Path dir = toolsDir != null ? toolsDir : Path.of(System.getenv().getOrDefault("AIRLOCK_HOME", "."), "conf/tools");
    ToolCatalog catalog = ToolCatalog.load(Files.isDirectory(dir) ? dir : null);
    return new RequestInspector(catalog, new Detectors(DetectorSettings.defaults()),
        new ExternalPrincipals(Set.of(), Set.of()));
  }

  static InspectedRequest parse(JsonNode r, String path) {
    String method = text(r, "method", "GET").toUpperCase(Locale.ROOT);
    String url = text(r, "url", null);
    if (url == null) {
      throw new CliException(path + ".url: required (e.g. https://slack.com/api/chat.postMessage)");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new CliException(path + ".url: \"" + url + "\" is not a URL");
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      throw new CliException(path + ".url: \"" + url + "\" (expected: an absolute http(s) URL)");
    }
    boolean tls = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    JsonNode h = r.get("headers");
    if (h != null && h.isObject()) {
      h.fields().forEachRemaining(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
          k -> new ArrayList<>()).add(e.getValue().asText()));
    }
    byte[] body = text(r, "body", "").getBytes(StandardCharsets.UTF_8);
    String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new InspectedRequest(uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost(), port, method, rawPath,
        uri.getRawQuery(), headers, body, true);
  }

  private static String text(JsonNode n, String field, String def) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? def : v.isValueNode() ? v.asText() : v.toString();
  }
}
