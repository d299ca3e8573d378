package dev.airlock.bench.jmh;

import dev.airlock.proxy.normalize.InspectedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A JSON request body of an exact byte size, with the request it is sent in.
 *
 * @param host destination host
 * @param path request path
 * @param json the body (ASCII, so characters and bytes coincide)
 */
record JsonBody(String host, String path, String json) {
  static final String MEDIA_TYPE = "application/json";

  int size() {
    return json.length();
  }

  /** The request as the data plane hands it to inspection. */
  InspectedRequest request() {
    Map<String, List<String>> headers =
        Map.of(
            "content-type", List.of(MEDIA_TYPE + "; charset=utf-8"),
            "accept", List.of("application/json"),
            "user-agent", List.of("python-httpx/0.27.0"));
    return new InspectedRequest(
        "https", host, 443, "POST", path, null, headers, json.getBytes(StandardCharsets.US_ASCII), true);
  }
}
