package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiClientTest {
  @RegisterExtension final RecordingApiServer server = RecordingApiServer.perTest();
  private final ApiClient client = new ApiClient(URI.create(server.url()), "s3cret");

  @Test
  void getSendsBearerTokenAndEncodedQueryAndUnwrapsTheEnvelope() {
    server.reply("GET", "/api/v1/traces", 200,
        "{\"data\":[{\"id\":\"trc_1\"}],\"meta\":{\"request_id\":\"req_1\",\"timestamp\":"
            + "\"2026-03-01T10:15:30Z\",\"total\":1,\"next_cursor\":\"c2\"}}");
    Map<String, String> query = new LinkedHashMap<>();
    query.put("agent", "ci bot&x");
    query.put("env", null);

    ApiResponse response = client.get("traces", query);

    assertThat(response.data().get(0).get("id").asText()).isEqualTo("trc_1");
    assertThat(response.nextCursor()).contains("c2");
    RecordingApiServer.Received received = server.only();
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.authorization()).isEqualTo("Bearer s3cret");
    assertThat(received.rawQuery()).isEqualTo("agent=ci%20bot%26x");
  }

  @Test
  void postSendsJsonAndPassesYamlThroughUnchanged() {
    server.reply("POST", "/api/v1/x", 201, RecordingApiServer.data("{}"));

    client.post("x", Map.of(), JsonNodeFactory.instance.objectNode().put("a", 1));
    String yaml = "name: p\n# comment kept\n";
    client.post("x", Map.of(), yaml.getBytes(StandardCharsets.UTF_8), ApiClient.YAML);

    assertThat(server.received()).extracting(RecordingApiServer.Received::contentType)
        .containsExactly("application/json", "application/yaml");
    assertThat(server.received()).extracting(RecordingApiServer.Received::body)
        .containsExactly("{\"a\":1}", yaml);
  }

  @Test
  void pathSegmentsAreEncoded() {
    server.reply("DELETE", "/api/v1/policies/a%2Fb%20c", 200,
        RecordingApiServer.data("{\"deleted\":true}"));

    client.delete(ApiClient.path("policies", "a/b c"));

    assertThat(server.only().path()).isEqualTo("/api/v1/policies/a%2Fb%20c");
  }

  @Test
  void errorEnvelopeWithFieldBecomesCodeMessageAndField() {
    server.reply("POST", "/api/v1/environments", 422,
        RecordingApiServer.error("invalid_slug", "\"Prod\" (expected: ^[a-z][a-z0-9-]{1,49}$)",
            "slug"));

    assertThatThrownBy(() -> client.post("environments", Map.of(),
            JsonNodeFactory.instance.objectNode()))
        .isInstanceOf(CliException.class)
        .hasMessage("invalid_slug: \"Prod\" (expected: ^[a-z][a-z0-9-]{1,49}$) (field: slug)")
        .satisfies(e -> assertThat(((CliException) e).apiError()).hasValueSatisfying(error -> {
          assertThat(error.status()).isEqualTo(422);
          assertThat(error.field()).isEqualTo("slug");
        }));
  }

  @Test
  void errorEnvelopeWithoutFieldIsCodeAndMessage() {
    server.reply("GET", "/api/v1/environments", 401,
        RecordingApiServer.error("unauthorized", "missing or invalid admin token", null));

    assertThatThrownBy(() -> client.get("environments", Map.of()))
        .hasMessage("unauthorized: missing or invalid admin token");
  }

  @Test
  void responseThatIsNotAnEnvelopeIsReportedWithItsStatus() {
    server.reply("GET", "/api/v1/environments", 502, "text/html", "<html>Bad gateway</html>");

    assertThatThrownBy(() -> client.get("environments", Map.of()))
        .isInstanceOf(CliException.class)
        .hasMessage("unexpected response from the admin API: HTTP 502 for GET"
            + " /api/v1/environments");
  }

  @Test
  void successWithoutDataIsNotMistakenForAResult() {
    server.reply("GET", "/api/v1/environments", 200, "{\"status\":\"ok\"}");

    assertThatThrownBy(() -> client.get("environments", Map.of()))
        .hasMessageStartingWith("unexpected response from the admin API: HTTP 200");
  }

  @Test
  void refusedConnectionSaysTheServerIsNotRunning() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ApiClient unreachable = new ApiClient(URI.create("http://127.0.0.1:" + port), "t");

    assertThatThrownBy(() -> unreachable.get("environments", Map.of()))
        .isInstanceOf(CliException.class)
        .hasMessage("cannot reach the admin API at http://127.0.0.1:" + port
            + " (is 'airlock serve' running?)");
  }
}
