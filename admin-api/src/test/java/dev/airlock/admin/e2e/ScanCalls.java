package dev.airlock.admin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls {@code POST /api/v1/scan} of a node over HTTP, as an SDK would. */
final class ScanCalls {
  /** A parsed answer. */
  record Answer(int status, JsonNode body) {
    JsonNode data() {
      return body.get("data");
    }

    JsonNode error() {
      return body.get("error");
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  private ScanCalls() {}

  static Answer scan(AirlockHarness h, String authorization, String json) throws Exception {
    return call(h, "POST", authorization, json);
  }

  static Answer call(AirlockHarness h, String method, String authorization, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.node.adminPort() + "/api/v1/scan"))
        .timeout(Duration.ofSeconds(20))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), AirlockHarness.JSON.readTree(r.body()));
  }

  /** {@code Bearer local-agent:<key>}. */
  static String bearer(AirlockHarness h) {
    return "Bearer local-agent:" + h.agentKey;
  }
}
