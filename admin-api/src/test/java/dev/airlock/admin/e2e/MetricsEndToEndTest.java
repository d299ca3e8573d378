package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.metrics.MetricSamples;
import dev.airlock.admin.store.Poll;
import dev.airlock.proxy.testing.HttpHeads;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metrics and status of a running node, driven by real clients: requests through the proxy show up
 * in /metrics (written asynchronously, so every check polls), and `airlock status` reads the node.
 */
class MetricsEndToEndTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final String SLACK_TOKEN = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";

  static AirlockHarness h;
  static final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.https("api.alpha-metrics.com");
    h.https("api.beta-metrics.com");
    h.https("api.gamma-metrics.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void allowedAndDeniedRequestsAreCountedByDecisionToolAndEnv() throws Exception {
    Clients.Result allowed = curl("https://api.alpha-metrics.com/items/1");
    assertThat(allowed.stdout()).as(allowed.toString()).contains("HTTP/1.1 200");
    Clients.Result denied = curl("-H", "Content-Type: application/json",
        "--data-binary", "{\"token\":\"" + SLACK_TOKEN + "\"}", "https://api.alpha-metrics.com/hook");
    assertThat(denied.stdout()).as(denied.toString()).contains("HTTP/1.1 403");
    String tool = h.trace(traceId(denied)).get("tool").asText();

    MetricSamples samples = pollMetrics("the ALLOW and the DENY", s ->
        Double.valueOf(1).equals(requests(s, "DENY", tool)) && Double.valueOf(1).equals(requests(s, "ALLOW", tool)));

    assertThat(samples.value("airlock_policy_decision_seconds_count")).isGreaterThanOrEqualTo(2);
    assertThat(samples.value("airlock_upstream_response_seconds_count")).isGreaterThanOrEqualTo(1);
    assertThat(samples.value("airlock_agent_tls_handshakes_total", "result", "success")).isGreaterThanOrEqualTo(2);
    // Two connections to one host: the first prepares its certificate, the second finds it cached.
    assertThat(samples.value("airlock_cert_cache_misses_total")).isGreaterThanOrEqualTo(1);
    assertThat(samples.value("airlock_cert_cache_hits_total")).isGreaterThanOrEqualTo(1);
    assertThat(samples.value("airlock_leaf_cache_misses_total")).isGreaterThanOrEqualTo(1);
    assertThat(samples.value("airlock_traces_written_total")).isGreaterThanOrEqualTo(2);
    assertThat(samples.value("airlock_traces_dropped_total")).isZero();
    assertThat(samples.value("airlock_trace_spool_bytes")).isZero();

    // What a scraper sees, fetched with curl: no token needed, the text format's content type.
    Clients.Result scrape = Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "20", "-D", "-",
        "http://127.0.0.1:" + h.node.adminPort() + "/metrics"));
    assertThat(scrape.stdout()).as(scrape.toString())
        .contains("HTTP/1.1 200")
        .containsIgnoringCase("content-type: text/plain; version=0.0.4; charset=utf-8")
        .contains("airlock_requests_total{decision=\"DENY\",enforced=\"DENY\",env=\"default\",tool=\"" + tool + "\"} 1");
  }

  @Test
  void everyClosedAgentConnectionLeavesTheActiveCount() throws Exception {
    assertThat(curl("https://api.gamma-metrics.com/ping").stdout()).contains("HTTP/1.1 200");
    // A tunnel the agent gives up on after the 200, before any TLS byte: the connection's HTTP
    // handlers were already swapped out for the tunnel's, and it must still count as closed.
    try (Socket s = new Socket("127.0.0.1", h.proxyPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("CONNECT api.gamma-metrics.com:443 HTTP/1.1\r\nHost: api.gamma-metrics.com:443\r\n"
          + h.authHeader() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(HttpHeads.read(s.getInputStream())).startsWith("HTTP/1.1 200");
    }

    MetricSamples samples = pollMetrics("no active agent connection",
        s -> Double.valueOf(0).equals(s.value("airlock_agent_connections_active")));
    assertThat(samples.value("airlock_agent_connections_opened_total")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void statusSummarizesTheLiveNode() throws Exception {
    Clients.Result denied = curl("-H", "Content-Type: application/json",
        "--data-binary", "{\"token\":\"" + SLACK_TOKEN + "\"}", "https://api.beta-metrics.com/hook");
    assertThat(denied.stdout()).as(denied.toString()).contains("HTTP/1.1 403");

    Poll.until(DEADLINE, "the DENY in airlock status", () -> {
      Cli.Result json = Cli.run(h.cliEnvironment(), "status", "-o", "json");
      return json.exitCode() == 0 && readTree(json.out()).at("/requests/by_decision/DENY").asLong() >= 1;
    });
    Cli.Result run = Cli.run(h.cliEnvironment(), "status");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("Version       ")
        .contains("Proxy         127.0.0.1:" + h.proxyPort())
        .contains("Admin API     127.0.0.1:" + h.node.adminPort())
        .contains("Database      ready")
        .containsPattern("Requests      \\d+ since start: .*\\d+ DENY")
        .containsPattern("Cert cache    \\d+\\.\\d% hits");
    JsonNode status = readTree(Cli.run(h.cliEnvironment(), "status", "-o", "json").out());
    assertThat(status.get("database").asText()).isEqualTo("ready");
    assertThat(status.at("/cert_cache/misses").asLong()).isPositive();
    assertThat(status.at("/tls/agent_handshakes").asLong()).isPositive();
  }

  @Test
  void statusOfANodeThatIsNotThereIsOneLineAndExitOne() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Cli.Result run = Cli.run(Map.of("AIRLOCK_URL", "http://127.0.0.1:" + port, "AIRLOCK_ADMIN_TOKEN", h.adminToken),
        "status");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("airlock: cannot reach the admin API at http://127.0.0.1:" + port
        + " (is 'airlock serve' running?)\n");
  }

  private static Double requests(MetricSamples s, String decision, String tool) {
    return s.value("airlock_requests_total", "decision", decision, "enforced", decision, "env", "default",
        "tool", tool);
  }

  /** Scrapes until {@code done} holds, returning that scrape. */
  private static MetricSamples pollMetrics(String what, java.util.function.Predicate<MetricSamples> done) {
    MetricSamples[] last = new MetricSamples[1];
    Poll.until(DEADLINE, what, () -> {
      last[0] = MetricSamples.parse(scrape());
      return done.test(last[0]);
    });
    return last[0];
  }

  private static String scrape() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + h.node.adminPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    } catch (Exception e) {
      throw new AssertionError("scrape failed", e);
    }
  }

  private static JsonNode readTree(String text) {
    try {
      return AirlockHarness.JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static Clients.Result curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-D", "-", "-x", h.proxyUrl(),
        "--cacert", h.airlockCa.toString()));
    cmd.addAll(List.of(args));
    return Clients.run(null, Map.of(), cmd);
  }

  private static String traceId(Clients.Result r) {
    return r.stdout().replaceAll("(?s).*\"trace_id\":\"(trc_[0-9a-f]+)\".*", "$1");
  }
}
