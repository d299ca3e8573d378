package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input and failing upstreams get a clear status and JSON body, and never hang or crash. */
class ErrorsEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream api;
  static RecordingUpstream untrusted;
  static RecordingUpstream pinned;
  static RecordingUpstream plain;
  static ServerSocket silent;
  static int closedPort;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("proxy:\n  inspect_max_bytes: 65536\n  passthrough_hosts: [pinned.example.com]\n"
        + "  timeouts:\n    upstream_response: 2s\n    header_read: 1s\n");
    api = h.https("api.example.com");
    pinned = h.https("pinned.example.com");
    plain = h.http("plain.example.com");
    untrusted = new RecordingUpstream(new TestPki().serverContext("untrusted.example.com"));
    h.servers.add(untrusted);
    h.route("untrusted.example.com:443", untrusted.port());
    silent = new ServerSocket(0);
    h.servers.add(silent);
    h.route("slow.example.com:443", silent.getLocalPort());
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    h.route("down.example.com:443", closedPort);
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private Clients.Result curl(String... args) throws Exception {
    return h.curl(args);
  }

  private static JsonNode jsonBody(Clients.Result r) throws Exception {
    return AirlockHarness.jsonBody(r.stdout());
  }

  private static String raw(String request) throws Exception {
    return h.raw(request);
  }

  @Test
  void malformedRequestsGetJsonErrorsAndTheProxyKeepsServing() throws Exception {
    assertThat(raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400").contains("\"code\":\"MALFORMED_REQUEST\"");
    assertThat(raw("CONNECT slack.com HTTP/1.1\r\nHost: slack.com\r\n\r\n")).startsWith("HTTP/1.1 400")
        .contains("BAD_CONNECT_TARGET");
    assertThat(raw("GET http://plain.example.com/ HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n"))
        .startsWith("HTTP/1.1 431");
    assertThat(raw("GET http://plain.example.com/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 414");
    assertThat(raw("POST http://plain.example.com/ HTTP/1.1\r\nHost: plain.example.com\r\nContent-Length: 3\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400").contains("AMBIGUOUS_FRAMING");
    assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(curl("https://api.example.com/ok").stdout()).contains("HTTP/1.1 200");
  }

  @Test
  void upstreamRefusingAnswers502() throws Exception {
    Clients.Result r = curl("https://down.example.com/x");
    assertThat(r.stdout()).contains("HTTP/1.1 502");
    assertThat(jsonBody(r).get("error").get("code").asText()).isEqualTo("UPSTREAM_CONNECT_FAILED");
  }

  @Test
  void upstreamNotAnsweringAnswers504() throws Exception {
    Clients.Result r = curl("https://slow.example.com/x");
    assertThat(r.stdout()).contains("HTTP/1.1 504");
    assertThat(jsonBody(r).get("error").get("code").asText()).startsWith("UPSTREAM_");
  }

  @Test
  void untrustedUpstreamCertificateAnswers502() throws Exception {
    Clients.Result r = curl("https://untrusted.example.com/x");
    assertThat(r.stdout()).contains("HTTP/1.1 502");
    assertThat(jsonBody(r).get("error").get("code").asText()).isEqualTo("UPSTREAM_TLS_ERROR");
    assertThat(untrusted.received()).isEmpty();
  }

  @Test
  void agentThatDoesNotTrustTheCaFailsAloneAndOthersContinue() throws Exception {
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "20", "-x", h.proxyUrl(),
        "https://api.example.com/x"));
    assertThat(r.exit()).isEqualTo(60); // curl: peer certificate cannot be authenticated
    assertThat(curl("https://api.example.com/ok").stdout()).contains("HTTP/1.1 200");
  }

  @Test
  void hostHeaderNamingAnotherHostIsDenied() throws Exception {
    int before = api.received().size();
    Clients.Result r = curl("-H", "Host: evil.example.net", "https://api.example.com/x");
    assertThat(r.stdout()).contains("HTTP/1.1 403");
    assertThat(jsonBody(r).get("reasons").get(0).asText()).isEqualTo("HOST_MISMATCH");
    assertThat(api.received()).hasSize(before);
  }

  @Test
  void bodiesLargerThanTheInspectionLimitAreRefused() throws Exception {
    Path big = Files.writeString(h.dir.resolve("big.json"), "{\"text\":\"" + "x".repeat(100_000) + "\"}");
    int before = api.received().size();
    Clients.Result r = curl("-H", "Content-Type: application/json", "--data-binary", "@" + big,
        "https://api.example.com/upload");
    assertThat(r.stdout()).contains("HTTP/1.1 413");
    assertThat(jsonBody(r).get("reasons").get(0).asText()).isEqualTo("BODY_TOO_LARGE_TO_INSPECT");
    assertThat(api.received()).hasSize(before);
  }

  @Test
  void expectContinueAndChunkedBodiesAreInspectedAndForwarded() throws Exception {
    int before = api.received().size();
    Clients.Result r = curl("-H", "Expect: 100-continue", "-H", "Transfer-Encoding: chunked",
        "-H", "Content-Type: application/json", "--data-binary", "{\"note\":\"chunked hello\"}",
        "https://api.example.com/notes");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 100").contains("HTTP/1.1 200");
    RecordingUpstream.Received got = api.received().get(before);
    assertThat(got.bodyText()).isEqualTo("{\"note\":\"chunked hello\"}");
    assertThat(got.header("Expect")).isNull();
  }

  @Test
  void gzipBodyIsDecodedForInspection() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("{\"k\":\"ghp_0123456789abcdefghijABCDEFGHIJ012345\"}".getBytes(StandardCharsets.UTF_8));
    }
    Path file = Files.write(h.dir.resolve("body.gz"), gz.toByteArray());
    int before = api.received().size();
    Clients.Result r = curl("-H", "Content-Encoding: gzip", "-H", "Content-Type: application/json",
        "--data-binary", "@" + file, "https://api.example.com/upload");
    assertThat(r.stdout()).contains("HTTP/1.1 403").contains("SECRET_DETECTED");
    assertThat(api.received()).hasSize(before);
  }

  @Test
  void keepAliveReusesTheAgentConnection() throws Exception {
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-o", "/dev/null",
        "-w", "%{http_code}:%{num_connects} ", "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(),
        "https://api.example.com/a", "https://api.example.com/b"));
    assertThat(r.stdout().trim()).isEqualTo("200:1 200:0");
  }

  @Test
  void eachRequestOnAKeptAliveConnectionHasItsOwnResponseDeadline() throws Exception {
    // upstream_response is 2 s and curl starts a transfer every 1.5 s. /late answers after 1.2 s:
    // past the first request's deadline, within its own. /stalled never answers: a 504.
    api.on("/late", RecordingUpstream.answeringAfter(1_200));
    api.on("/stalled", api.neverAnswering());
    long start = System.nanoTime();
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "--rate", "40/m",
        "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{http_code}:%{num_connects} ",
        "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(),
        "https://api.example.com/a", "https://api.example.com/late", "https://api.example.com/stalled"));
    long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertThat(r.stdout().trim()).isEqualTo("200:1 200:0 504:0");
    assertThat(seconds).as("the 504 comes 2 s after the third request starts (at 3 s)").isLessThan(7);
  }

  @Test
  void anIdempotentRequestOnAPooledConnectionTheUpstreamDroppedIsSentAgainOnAFreshOne() throws Exception {
    // The upstream answers the first request of each of its connections and drops the connection
    // on the second one without answering: the second request (a PUT, idempotent), written to the
    // pooled connection, fails before any response byte, so Airlock sends it once more on a new
    // connection, body and headers included. A POST would get a 502 instead (UpstreamFaultsEndToEndTest).
    java.util.Set<Integer> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    api.on("/flaky", ex -> {
      if (answered.add(ex.getRemoteAddress().getPort())) {
        RecordingUpstream.answeringAfter(0).handle(ex);
      } else {
        ex.close(); // no response: the server closes the connection
      }
    });
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-o", "/dev/null",
        "-w", "%{http_code}:%{num_connects} ", "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(),
        "-X", "PUT", "-H", "Content-Type: application/json", "--data-binary", "{\"n\":\"flaky-body\"}",
        "https://api.example.com/flaky", "https://api.example.com/flaky"));
    assertThat(r.stdout().trim()).isEqualTo("200:1 200:0");
    List<RecordingUpstream.Received> got = api.received().stream().filter(x -> x.uri().equals("/flaky")).toList();
    assertThat(got).hasSize(3);
    assertThat(got.get(2).remotePort()).isNotEqualTo(got.get(1).remotePort());
    assertThat(got.get(2).bodyText()).isEqualTo("{\"n\":\"flaky-body\"}");
    assertThat(got.get(2).header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void invalidPolicyIsRejectedWithItsPathAndTheOldSnapshotStays() throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.node.adminPort() + "/api/v1/policies?env=default"))
            .header("Authorization", "Bearer " + h.adminToken).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"broken\",\"rules\":[{\"id\":\"r\",\"match\":{},"
                + "\"action\":\"BLOK\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(422);
    JsonNode err = AirlockHarness.JSON.readTree(r.body()).get("error");
    assertThat(err.get("message").asText()).startsWith("rules[0].action: \"BLOK\"");
    Clients.Result denied = curl("-H", "Content-Type: application/json",
        "--data-binary", "{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}", "https://api.example.com/x");
    assertThat(denied.stdout()).contains("HTTP/1.1 403");
  }

  @Test
  void stalledRequestHeadGets408() throws Exception {
    String r = raw("GET http://plain.example.com/ HTTP/1.1\r\nHost: plain.exa");
    assertThat(r).startsWith("HTTP/1.1 408").contains("REQUEST_TIMEOUT");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    String auth = h.authHeader();
    String r = raw("GET http://plain.example.com/one HTTP/1.1\r\nHost: plain.example.com\r\n" + auth + "\r\n"
        + "GET http://plain.example.com/two HTTP/1.1\r\nHost: plain.example.com\r\n" + auth
        + "Connection: close\r\n\r\n");
    assertThat(r.split("HTTP/1.1 200", -1)).hasSize(3);
    List<String> uris = plain.received().stream().map(RecordingUpstream.Received::uri).toList();
    assertThat(String.join(",", uris)).contains("/one,/two");
  }

  @Test
  void passthroughHostsAreTunnelledWithoutInterception() throws Exception {
    // The agent verifies the origin's own certificate: no Airlock certificate is involved.
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "20", "-x", h.proxyUrl(),
        "--cacert", h.upstreamCa.toString(), "https://pinned.example.com/direct"));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("{\"ok\":true}");
    assertThat(pinned.received().get(pinned.received().size() - 1).header("Via")).isNull();
  }

  @Test
  void upstreamConnectionsAreReusedAcrossAgentConnections() throws Exception {
    // Idle upstream connections are pooled per event loop (2 per core): with more sequential agent
    // connections than loops, some must have shared an upstream connection.
    int loops = 2 * Runtime.getRuntime().availableProcessors();
    int requests = loops + 2;
    for (int i = 0; i < requests; i++) {
      assertThat(curl("https://api.example.com/pooled/" + i).stdout()).contains("HTTP/1.1 200");
    }
    List<Integer> ports = api.received().stream().filter(r -> r.uri().startsWith("/pooled/"))
        .map(RecordingUpstream.Received::remotePort).toList();
    assertThat(ports).hasSize(requests);
    assertThat(ports.stream().distinct().count()).as("upstream source ports " + ports).isLessThanOrEqualTo(loops);
  }
}
