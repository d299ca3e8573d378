package dev.airlock.proxy.server;

import dev.airlock.proxy.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.testing.RawH2;
import dev.airlock.proxy.testing.TlsOrigin;
import dev.airlock.proxy.trace.Trace;
import java.time.Duration;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/2 agents through the interception, with real clients: curl 7.88 {@code --http2}, the JDK
 * HttpClient in HTTP_2 mode, and hand-made frames for trailers; against an origin that speaks h2
 * and one that speaks HTTP/1.1 only.
 */
class Http2EndToEndTest {
  private static final String SECRET_BODY = "{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}";
  private static H2Harness h;

  @BeforeAll
  static void start() throws Exception {
    // The JDK sends Basic proxy credentials through CONNECT only with this (see README).
    System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
    h = new H2Harness();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {H2Harness.H2_HOST, H2Harness.H1_HOST})
  void curlSpeaksH2ToTheProxyAnAllowedRequestReachesTheOriginAndADeniedOneDoesNot(String host) throws Exception {
    TlsOrigin origin = host.equals(H2Harness.H2_HOST) ? h.h2 : h.h1;
    String protocol = host.equals(H2Harness.H2_HOST) ? "h2" : "http/1.1";

    List<String> ok = curl("https://" + host + "/curl/allowed", "hello=world");
    assertThat(ok.get(1)).isEqualTo("2 200");
    assertThat(ok.get(0)).isEqualTo("seen " + protocol + " POST /curl/allowed 11");
    List<TlsOrigin.Seen> seen = origin.seen("/curl/allowed");
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).body()).isEqualTo("hello=world");
    assertThat(seen.get(0).headers()).doesNotContainKey("proxy-authorization")
        .doesNotContainKey("x-http2-stream-id").doesNotContainKey("x-http2-scheme")
        .containsEntry("via", List.of(ForwardHeaders.VIA_VALUE));
    if (protocol.equals("http/1.1")) {
      assertThat(seen.get(0).headers()).containsEntry("host", List.of(host));
    }

    List<String> denied = curl("https://" + host + "/curl/denied", SECRET_BODY);
    assertThat(denied.get(1)).isEqualTo("2 403");
    assertThat(denied.get(0)).contains("\"decision\":\"DENY\"").contains("SECRET_DETECTED");
    assertThat(origin.seen("/curl/denied")).as("the origin never saw the denied request").isEmpty();
    await(() -> traced("/curl/denied", 403) && traced("/curl/allowed", 200));
  }

  @Test
  void jdkClientRunsConcurrentStreamsOnOneConnectionAndADeniedStreamLeavesTheOthersAlone() throws Exception {
    int connectionsBefore = h.h2.connections();
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", h.port)))
        .authenticator(new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(TestProxyContexts.AGENT, TestProxyContexts.KEY.toCharArray());
          }
        })
        .sslContext(h.agentTrust)
        .build();
    HttpResponse<String> first = client.send(HttpRequest.newBuilder(URI.create("https://h2.test/jdk/first")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(first.statusCode()).isEqualTo(200);

    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String body = i == 3 ? SECRET_BODY : "{\"n\":" + i + "}";
      all.add(client.sendAsync(HttpRequest.newBuilder(URI.create("https://h2.test/jdk/" + i))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < all.size(); i++) {
      HttpResponse<String> r = all.get(i).get(20, TimeUnit.SECONDS);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      if (i == 3) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("SECRET_DETECTED");
        assertThat(r.headers().firstValue("x-airlock-decision")).hasValue("DENY");
      } else {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("seen h2 POST /jdk/" + i + " " + ("{\"n\":" + i + "}").length());
      }
    }
    assertThat(h.h2.seen("/jdk/3")).isEmpty();
    assertThat(h.h2.connections() - connectionsBefore)
        .as("one agent connection, so one upstream h2 connection carried every stream").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {H2Harness.H2_HOST, H2Harness.H1_HOST})
  void responseTrailersReachTheAgentAndTeTrailersReachAnH2Origin(String host) throws Exception {
    try (RawH2 c = new RawH2(h.port, host, H2Harness.auth(), h.agentTrust)) {
      c.headers(1, true, RawH2.request("GET", host, "/trailers", "te", "trailers"));
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.kind()).as(o.toString()).isEqualTo("STATUS");
      assertThat(o.code()).isEqualTo(200);
      assertThat(o.body()).isEqualTo("part-1;part-2");
      assertThat(o.trailers()).as("trailers").isNotNull();
      assertThat(o.trailers().get("grpc-status").toString()).isEqualTo("0");
      assertThat(o.trailers().get("grpc-message").toString()).isEqualTo("done");
    }
    TlsOrigin origin = host.equals(H2Harness.H2_HOST) ? h.h2 : h.h1;
    Map<String, List<String>> headers = origin.seen("/trailers").get(0).headers();
    if (origin == h.h2) {
      assertThat(headers).containsEntry("te", List.of("trailers"));
    } else {
      assertThat(headers).doesNotContainKey("te");
    }
  }

  @Test
  void aResponseTheAgentDoesNotReadIsHeldBackUpstreamNotBufferedWhole() throws Exception {
    try (RawH2 c = new RawH2(h.port, H2Harness.H2_HOST, H2Harness.auth(), h.agentTrust)) {
      c.headers(1, true, RawH2.request("GET", H2Harness.H2_HOST, "/big"));
      // The agent's initial window (64 KiB - 1) is all the proxy may send until the agent grants more.
      assertThat(c.readData(1, 65_535)).isTrue();
      // Watched for a while (nothing to wait for: without backpressure the origin is done in milliseconds).
      Poll.holdsFor(Duration.ofMillis(500), "the origin could send 1 MiB to a proxy whose agent read 64 KiB",
          () -> !h.h2.bigSent());
      c.windowUpdate(0, TlsOrigin.BIG_BYTES);
      c.windowUpdate(1, TlsOrigin.BIG_BYTES);
      assertThat(c.readData(1, TlsOrigin.BIG_BYTES - 65_535)).as("the rest arrives once granted").isTrue();
    }
    await(h.h2::bigSent);
  }

  @ParameterizedTest
  @ValueSource(strings = {H2Harness.H2_HOST, H2Harness.H1_HOST})
  void aResponseWithoutBodyEndsInItsHeadersFrameAsGrpcTrailersOnlyAnswersMust(String host) throws Exception {
    try (RawH2 c = new RawH2(h.port, host, H2Harness.auth(), h.agentTrust)) {
      c.headers(1, true, RawH2.request("POST", host, "/trailers-only", "content-type", "application/grpc",
          "te", "trailers"));
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.code()).as(o.toString()).isEqualTo(200);
      assertThat(o.headOnly()).as("one HEADERS frame with END_STREAM").isTrue();
      assertThat(o.headers().get("grpc-status").toString()).isEqualTo("5");
    }
  }

  @Test
  void anUpstreamStreamResetIsA502ForThatStreamOnly() throws Exception {
    try (RawH2 c = new RawH2(h.port, H2Harness.H2_HOST, H2Harness.auth(), h.agentTrust)) {
      c.headers(1, true, RawH2.request("GET", H2Harness.H2_HOST, "/reset"));
      RawH2.Outcome reset = c.outcome(1);
      assertThat(reset.code()).as(reset.toString()).isEqualTo(502);
      assertThat(reset.body()).contains("UPSTREAM_CLOSED");
      c.headers(3, true, RawH2.request("GET", H2Harness.H2_HOST, "/after-reset"));
      RawH2.Outcome ok = c.outcome(3);
      assertThat(ok.code()).as(ok.toString()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("seen h2 GET /after-reset 0");
    }
  }

  private static boolean traced(String path, int status) {
    return h.px.traces.stream().anyMatch((Trace t) -> path.equals(t.path()) && t.status() == status);
  }

  /** Runs curl through the proxy; returns the body and the "http_version status" line. */
  private static List<String> curl(String url, String body) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("curl", "-sS", "--http2", "--max-time", "20",
        "-x", "http://" + TestProxyContexts.AGENT + ":" + TestProxyContexts.KEY + "@127.0.0.1:" + h.port,
        "--cacert", h.caPem.toString(), "--data-binary", body, "-w", "\n%{http_version} %{http_code}", url);
    Map<String, String> env = pb.environment();
    for (String k : List.of("SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY",
        "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy")) {
      env.remove(k);
    }
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    int nl = out.lastIndexOf('\n');
    return List.of(out.substring(0, nl), out.substring(nl + 1));
  }

  private static void await(BooleanSupplier condition) {
    Poll.until(Duration.ofSeconds(10), "the condition", condition);
  }
}
