package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.Poll;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gRPC through the interception with the real {@code @grpc/grpc-js} client (tunnelling through
 * {@code grpc_proxy} with the agent's credentials, offering only h2) against a real TLS gRPC server
 * whose certificate comes from the test CA the node trusts upstream: unary and server-streaming
 * calls go through with their messages and trailers; a call named by a policy, and a call carrying
 * an AWS key inside a protobuf string, are refused as gRPC errors with the reason, and the server
 * never sees them.
 */
class GrpcEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
  private static final String HOST = "notes.example-grpc.com";
  private static final String SECRET = "AKIAIOSFODNN7EXAMPLE";
  static AirlockHarness h;
  static Process server;
  static Path received;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    Path cert = h.dir.resolve("notes-cert.pem");
    Path key = h.dir.resolve("notes-key.pem");
    h.pki.writeServerPem(HOST, cert, key);
    received = h.dir.resolve("received.ndjson");
    Files.writeString(received, "");
    server = Clients.builder(NODE_DIR, Map.of(), List.of("node", "grpc-server.mjs", "--cert", cert.toString(),
        "--key", key.toString(), "--record", received.toString()))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String first = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(first).as("the gRPC server's first line").startsWith("{\"port\"");
    h.route(HOST + ":443", JSON.readTree(first).get("port").asInt());
    h.start();
    h.admin("POST", "/api/v1/policies?env=default", "{\"name\":\"notes-guard\",\"rules\":[{\"id\":\"no-deletes\","
        + "\"match\":{\"tool_name\":\"example-grpc.com\",\"operation\":\"notes.v1.Notes/DeleteNote\"},"
        + "\"action\":\"DENY\",\"severity\":\"HIGH\",\"reason\":\"GRPC_METHOD_BLOCKED\"}]}");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null && server.isAlive()) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    if (h != null) {
      h.close();
    }
  }

  private static JsonNode call(String method, String request) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node", "grpc-client.mjs", "--target", HOST + ":443",
        "--ca", h.airlockCa.toString(), "--call", method, "--request", request, "--deadline-ms", "20000"));
    Clients.Result r = Clients.run(NODE_DIR, Map.of("grpc_proxy", h.proxyUrl()), cmd);
    assertThat(r.exit()).as("client: %s", r).isZero();
    return JSON.readTree(r.stdout());
  }

  private static List<JsonNode> receivedCalls() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(received)) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line).get("received"));
      }
    }
    return out;
  }

  private static JsonNode traceOf(String operation) {
    try {
      for (JsonNode t : h.admin("GET", "/api/v1/traces?limit=200&since=1h", null).get("data")) {
        if (t.get("operation").asText().equals(operation)) {
          return t;
        }
      }
      return null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void unaryAndServerStreamingCallsGoThroughWithTheirMessages() throws Exception {
    JsonNode created = call("CreateNote", "{\"note\":{\"title\":\"release plan\",\"body\":\"ship on friday\"}}");
    assertThat(created.get("codeName").asText()).as("%s", created).isEqualTo("OK");
    String id = created.get("messages").get(0).get("id").asText();
    call("CreateNote", "{\"note\":{\"title\":\"release notes\",\"body\":\"draft\"}}");

    JsonNode listed = call("ListNotes", "{\"query\":\"release\"}");
    assertThat(listed.get("codeName").asText()).as("%s", listed).isEqualTo("OK");
    assertThat(listed.get("messages")).extracting(m -> m.get("title").asText())
        .contains("release plan", "release notes");

    JsonNode got = call("GetNote", "{\"id\":\"" + id + "\"}");
    assertThat(got.get("messages").get(0).get("body").asText()).isEqualTo("ship on friday");
    // An error status from the server reaches the client with its message (trailers relayed).
    JsonNode missing = call("GetNote", "{\"id\":\"n999\"}");
    assertThat(missing.get("codeName").asText()).isEqualTo("NOT_FOUND");
    assertThat(missing.get("details").asText()).isEqualTo("no note n999");

    assertThat(receivedCalls()).extracting(c -> c.get("method").asText())
        .contains("notes.v1.Notes/CreateNote", "notes.v1.Notes/ListNotes", "notes.v1.Notes/GetNote");
    JsonNode[] trace = new JsonNode[1];
    Poll.until(Duration.ofSeconds(10), "the ListNotes trace", () -> {
      trace[0] = traceOf("notes.v1.Notes/ListNotes");
      return trace[0] != null;
    });
    assertThat(trace[0].get("tool").asText()).isEqualTo("example-grpc.com");
    assertThat(trace[0].get("decision").asText()).isEqualTo("ALLOW");
  }

  @Test
  void aMethodNamedByAPolicyIsRefusedAsAGrpcErrorAndNeverReachesTheServer() throws Exception {
    JsonNode denied = call("DeleteNote", "{\"id\":\"n1\"}");

    assertThat(denied.get("code").asInt()).as("%s", denied).isEqualTo(7);
    assertThat(denied.get("details").asText()).contains("GRPC_METHOD_BLOCKED").contains("notes-guard/no-deletes")
        .containsPattern("trc_");
    assertThat(receivedCalls()).noneMatch(c -> c.get("method").asText().endsWith("/DeleteNote"));
  }

  @Test
  void aSecretInsideAProtobufStringIsFoundAndTheCallRefused() throws Exception {
    JsonNode denied = call("CreateNote",
        "{\"note\":{\"title\":\"creds\",\"body\":\"aws_access_key_id=" + SECRET + "\"}}");

    assertThat(denied.get("code").asInt()).as("%s", denied).isEqualTo(7);
    assertThat(denied.get("details").asText()).contains("SECRET");
    assertThat(receivedCalls()).noneMatch(c -> c.toString().contains(SECRET));
  }
}
