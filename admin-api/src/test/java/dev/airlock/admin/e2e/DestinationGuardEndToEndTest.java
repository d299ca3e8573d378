package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The destination a request is checked against is the one it reaches: IPv6 forms of private IPv4
 * addresses are refused, and on the plain http:// path the URL's authority (not the agent's Host
 * header) is what the origin sees, on an allowed port only.
 */
class DestinationGuardEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream origin;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    origin = h.http("allowed.example");
    h.route("allowed.example:8443", origin.port());
    h.route("allowed.example:2222", origin.port());
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static Clients.Result curl(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("-g"));
    all.addAll(List.of(args));
    return h.curl(all.toArray(String[]::new));
  }

  private static JsonNode jsonBody(String response) throws Exception {
    return AirlockHarness.jsonBody(response);
  }

  private static String raw(String request) throws Exception {
    return h.raw(request);
  }

  @ParameterizedTest
  @CsvSource({
      "http://allowed.example/a?b=1, allowed.example",
      "http://ALLOWED.example:80/a?b=1, allowed.example",
      "http://allowed.example:8443/a?b=1, allowed.example:8443",
  })
  void theUrlsAuthorityReplacesTheAgentsHostHeader(String url, String expectedHost) throws Exception {
    int before = origin.received().size();
    Clients.Result r = curl("-H", "Host: internal.example", url);
    assertThat(r.stdout()).startsWith("HTTP/1.1 200");
    assertThat(origin.received()).hasSize(before + 1);
    RecordingUpstream.Received got = origin.received().get(before);
    assertThat(got.header("Host")).isEqualTo(expectedHost);
    assertThat(got.headers().get("Host")).hasSize(1);
    assertThat(got.uri()).isEqualTo("/a?b=1");
  }

  @Test
  void aHandWrittenRequestWithSeveralHostHeadersReachesTheUrlsHostOnly() throws Exception {
    int before = origin.received().size();
    String r = raw("GET http://allowed.example:8443/x HTTP/1.1\r\nHost: internal.example\r\n"
        + "Host: 169.254.169.254\r\n" + h.authHeader() + "Connection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200");
    RecordingUpstream.Received got = origin.received().get(before);
    assertThat(got.headers().get("Host")).containsExactly("allowed.example:8443");
    assertThat(got.uri()).isEqualTo("/x");
  }

  @Test
  void plainRequestsToPortsOutsideAllowedPortsAreDeniedAndTraced() throws Exception {
    int before = origin.received().size();
    Clients.Result r = curl("http://allowed.example:2222/x");
    assertThat(r.stdout()).startsWith("HTTP/1.1 403").containsIgnoringCase("x-airlock-decision: DENY")
        .containsIgnoringCase("x-airlock-reason: PORT_NOT_ALLOWED").containsIgnoringCase("content-type: application/json");
    JsonNode body = jsonBody(r.stdout());
    assertThat(body.get("reasons").get(0).asText()).isEqualTo("PORT_NOT_ALLOWED");
    JsonNode trace = h.trace(body.get("trace_id").asText());
    assertThat(trace.get("reasons").toString()).contains("\"PORT_NOT_ALLOWED\"");
    assertThat(origin.received()).hasSize(before);
  }

  /** IPv6 literals that embed a private IPv4 address, refused at CONNECT like the IPv4 address itself. */
  @ParameterizedTest
  @ValueSource(strings = {"::127.0.0.1", "::7f00:1", "::ffff:0:127.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::a9fe:a9fe", "2002:7f00:1::1", "2001:0:7f00:1::1", "2001:0:808:808::5601:5601", "::1", "127.0.0.1"})
  void connectToIpv6FormsOfPrivateAddressesIsDenied(String ip) throws Exception {
    String authority = (ip.contains(":") ? "[" + ip + "]" : ip) + ":443";
    String r = raw("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n" + h.authHeader() + "\r\n");
    assertThat(r).as(ip).startsWith("HTTP/1.1 403").contains("\"PRIVATE_ADDRESS\"");
  }

  @Test
  void curlThroughATunnelToAnEmbeddedLoopbackIsDenied() throws Exception {
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-g", "--max-time", "20", "-o", "/dev/null",
        "-w", "%{http_connect}", "--proxytunnel", "-x", h.proxyUrl(), "http://[::ffff:0:a9fe:a9fe]:443/latest"));
    assertThat(r.stdout()).isEqualTo("403");
  }

  @ParameterizedTest
  @ValueSource(strings = {"::127.0.0.1", "::ffff:0:a9fe:a9fe", "2002:a9fe:a9fe::1", "64:ff9b::7f00:1"})
  void plainRequestsToIpv6FormsOfPrivateAddressesAreDenied(String ip) throws Exception {
    int before = origin.received().size();
    Clients.Result r = curl("-H", "Host: allowed.example", "http://[" + ip + "]/latest/meta-data");
    assertThat(r.stdout()).as(ip).startsWith("HTTP/1.1 403").containsIgnoringCase("x-airlock-reason: PRIVATE_ADDRESS");
    assertThat(origin.received()).hasSize(before);
  }
}
