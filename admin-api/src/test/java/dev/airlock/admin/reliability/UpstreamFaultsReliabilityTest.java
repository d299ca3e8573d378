package dev.airlock.admin.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.e2e.Clients;
import dev.airlock.admin.e2e.TestPki;
import dev.airlock.admin.e2e.TlsTunnel;
import dev.airlock.admin.store.Poll;
import dev.airlock.proxy.testing.ScriptedOrigin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node in its own process in front of origins that close their connections after each answer,
 * with or without saying so, die and come back, or drop a POST they have read: the agent's tunnel
 * goes on answering every request, and a POST is never sent twice.
 */
@Tag("reliability")
class UpstreamFaultsReliabilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static ScriptedOrigin faults;
  static ScriptedOrigin drops;
  static NodeProcess node;

  @BeforeAll
  static void start() throws Exception {
    TestPki pki = new TestPki();
    faults = new ScriptedOrigin(pki.serverContext("faults.example.com"));
    faults.on("/close", ScriptedOrigin::closeAfterAnswer);
    faults.on("/idle-close", ScriptedOrigin::idleClose);
    drops = new ScriptedOrigin(pki.serverContext("drops.example.com"));
    drops.on("/drop", ScriptedOrigin::drop);
    node = NodeProcess.builder(dir.resolve("data")).upstreamTrust(pki)
        .connectTo("faults.example.com:443:127.0.0.1:" + faults.port())
        .connectTo("drops.example.com:443:127.0.0.1:" + drops.port())
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (node != null) {
        node.close();
        assertThat(node.leakReports()).isEmpty();
      }
    } finally {
      if (faults != null) {
        faults.close();
      }
      if (drops != null) {
        drops.close();
      }
    }
  }

  @Test
  void curlGetsEveryAnswerOnOneTunnelWhileTheOriginClosesAfterEach() throws Exception {
    List<String> paths = List.of("/close", "/close", "/close", "/idle-close", "/idle-close", "/idle-close", "/ok");
    long closesBefore = faults.count("GET", "/close");
    long idleClosesBefore = faults.count("GET", "/idle-close");
    List<String> cmd = curl();
    cmd.addAll(List.of("-w", "%{http_code} %{num_connects}\\n"));
    for (String path : paths) {
      cmd.addAll(List.of("-o", "/dev/null", "https://faults.example.com" + path));
    }
    Clients.Result r = Clients.run(null, Map.of(), cmd);
    assertThat(r.exit()).as(r.toString()).isZero();
    // Only the first transfer connects: every later one goes over the same tunnel.
    assertThat(r.stdout().trim().split("\n")).as(r.toString())
        .containsExactly("200 1", "200 0", "200 0", "200 0", "200 0", "200 0", "200 0");
    assertThat(faults.count("GET", "/close") - closesBefore).isEqualTo(3);
    assertThat(faults.count("GET", "/idle-close") - idleClosesBefore).isEqualTo(3);
  }

  @Test
  void aTunnelOutlivesAnOriginThatDiesAndComesBack() throws Exception {
    try (TlsTunnel t = new TlsTunnel(node.proxyPort(), "local-agent", node.agentKey(), "faults.example.com",
        node.caFile())) {
      assertThat(t.get("/close").status()).isEqualTo(200);
      assertThat(t.get("/ok").status()).as("after Connection: close").isEqualTo(200);
      assertThat(t.get("/idle-close").status()).isEqualTo(200);
      assertThat(t.get("/ok").status()).as("after a close without notice").isEqualTo(200);

      faults.die();
      TlsTunnel.Response down = t.get("/ok");
      assertThat(down.status()).as("origin down").isEqualTo(502);
      assertThat(down.header("content-type")).isEqualTo("application/json");
      assertThat(JSON.readTree(down.body()).get("error").get("code").asText()).startsWith("UPSTREAM_");
      assertThat(down.header("connection")).as("the tunnel stays open after a 502").isNull();
      faults.revive();

      assertThat(t.get("/ok").status()).as("after the origin came back").isEqualTo(200);
      assertThat(t.get("/close").status()).isEqualTo(200);
      assertThat(t.send("POST", "/ok", "{\"n\":1}").status()).as("a POST after a close").isEqualTo(200);
    }
  }

  @Test
  void aPostTheOriginDroppedOnAPooledConnectionReachesItOnceAndIsAnswered502() throws Exception {
    // The GET leaves a pooled upstream connection; the POST goes over it and the origin closes it
    // after reading the POST. --next keeps curl on the same tunnel.
    List<String> cmd = curl();
    cmd.addAll(List.of("-w", "%{http_code} %{num_connects}\\n", "-o", "/dev/null", "https://drops.example.com/ok",
        "--next"));
    cmd.addAll(curlOptions());
    cmd.addAll(List.of("-w", "\\n%{http_code} %{num_connects}\\n", "-H", "Content-Type: application/json",
        "-d", "{\"charge\":1}", "https://drops.example.com/drop"));
    Clients.Result r = Clients.run(null, Map.of(), cmd);
    assertThat(r.exit()).as(r.toString()).isZero();
    String[] lines = r.stdout().trim().split("\n");
    assertThat(lines).as(r.toString()).hasSize(3);
    assertThat(lines[0]).isEqualTo("200 1");
    assertThat(lines[2]).as("the POST was answered on the same tunnel").isEqualTo("502 0");
    JsonNode error = JSON.readTree(lines[1]).get("error");
    assertThat(error.get("code").asText()).isEqualTo("UPSTREAM_CLOSED");
    assertThat(error.get("message").asText()).contains("may or may not have been processed");
    assertThat(drops.count("POST", "/drop")).as("the origin saw the POST once").isEqualTo(1);
    Poll.until(Duration.ofSeconds(30), "the POST's trace",
        () -> node.hasTrace(t -> t.get("path").asText().equals("/drop") && t.get("status").asInt() == 502));
  }

  /** curl through the node, trusting its CA, silent but for errors. */
  private static List<String> curl() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl"));
    cmd.addAll(curlOptions());
    return cmd;
  }

  /** The options {@code --next} resets. */
  private static List<String> curlOptions() throws Exception {
    return List.of("-sS", "--max-time", "30", "-x", node.proxyUrl(), "--cacert", node.caFile().toString());
  }
}
