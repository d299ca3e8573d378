package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.testing.ScriptedOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upstream fault ends only its own exchange: the agent gets an answer for it (the origin's, or
 * a 502/504 JSON error) and the same tunnel goes on serving the next request; a request that is
 * not idempotent is never sent twice; a body the upstream cut short is traced as such.
 */
class UpstreamFaultsEndToEndTest {
  static AirlockHarness h;
  static ScriptedOrigin faults;
  static ScriptedOrigin drops;
  static ScriptedOrigin shorts;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("proxy:\n  timeouts:\n    upstream_response: 10s\n");
    faults = origin("faults.example.com");
    faults.on("/close", ScriptedOrigin::closeAfterAnswer);
    faults.on("/idle-close", ScriptedOrigin::idleClose);
    faults.on("/bad-gateway", ScriptedOrigin.status(502));
    drops = origin("drops.example.com");
    drops.on("/drop", ScriptedOrigin::drop);
    drops.on("/drop-once", ScriptedOrigin.dropOnce());
    shorts = origin("short.example.com");
    shorts.on("/short", ScriptedOrigin::cutShort);
    shorts.on("/short-chunked", ScriptedOrigin::cutShortChunked);
    h.start();
  }

  private static ScriptedOrigin origin(String host) throws Exception {
    ScriptedOrigin o = new ScriptedOrigin(h.pki.serverContext(host));
    h.servers.add(o);
    h.route(host + ":443", o.port());
    return o;
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static TlsTunnel tunnel(String host) throws Exception {
    return new TlsTunnel(h.proxyPort(), "local-agent", h.agentKey, host, h.airlockCa);
  }

  @Test
  void everyRequestOnOneTunnelIsAnsweredWhateverTheUpstreamDid() throws Exception {
    try (TlsTunnel t = tunnel("faults.example.com")) {
      assertThat(t.get("/close").status()).isEqualTo(200);
      assertThat(t.get("/ok").status()).as("after the origin closed with Connection: close").isEqualTo(200);
      assertThat(t.get("/idle-close").status()).isEqualTo(200);
      assertThat(t.get("/ok").status()).as("after the origin dropped its idle connection").isEqualTo(200);

      faults.die();
      TlsTunnel.Response dead = t.get("/ok");
      assertThat(dead.status()).as("origin down").isEqualTo(502);
      assertThat(dead.header("content-type")).isEqualTo("application/json");
      assertThat(AirlockHarness.JSON.readTree(dead.body()).get("error").get("code").asText()).startsWith("UPSTREAM_");
      assertThat(dead.header("connection")).as("the tunnel stays open after a 502").isNull();
      faults.revive();

      assertThat(t.get("/ok").status()).as("after the origin came back").isEqualTo(200);
      TlsTunnel.Response relayed = t.get("/bad-gateway");
      assertThat(relayed.status()).isEqualTo(502);
      assertThat(relayed.body()).isEqualTo("{\"status\":502}");
      assertThat(t.get("/ok").status()).as("after the origin's own 502").isEqualTo(200);
      assertThat(t.get("/close").status()).isEqualTo(200);
      assertThat(t.send("POST", "/ok", "{\"n\":1}").status()).as("a POST after a close").isEqualTo(200);
    }
  }

  @Test
  void curlKeepsItsTunnelAcrossUpstreamCloses() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "-x", h.proxyUrl(),
        "--cacert", h.airlockCa.toString(), "-w", "%{http_code} %{num_connects}\\n"));
    for (String path : List.of("/close", "/ok", "/idle-close", "/ok", "/close", "/ok")) {
      cmd.addAll(List.of("-o", "/dev/null", "https://faults.example.com" + path));
    }
    Clients.Result r = Clients.run(null, Map.of(), cmd);
    assertThat(r.exit()).as(r.toString()).isZero();
    // Only the first transfer opens a connection: every later one reuses the same tunnel.
    assertThat(r.stdout().trim().split("\n")).as(r.toString())
        .containsExactly("200 1", "200 0", "200 0", "200 0", "200 0", "200 0");
  }

  @Test
  void aPostTheOriginDroppedIsAnswered502AndNeverSentTwice() throws Exception {
    try (TlsTunnel t = tunnel("drops.example.com")) {
      assertThat(t.get("/ok").status()).isEqualTo(200); // the connection is now pooled
      TlsTunnel.Response r = t.send("POST", "/drop", "{\"charge\":1}");
      assertThat(r.status()).isEqualTo(502);
      JsonNode error = AirlockHarness.JSON.readTree(r.body()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("UPSTREAM_CLOSED");
      assertThat(error.get("message").asText()).contains("may or may not have been processed");
      assertThat(drops.count("POST", "/drop")).as("the origin saw the POST once").isEqualTo(1);
      assertThat(t.get("/ok").status()).as("the tunnel goes on").isEqualTo(200);
    }
  }

  @Test
  void aGetTheOriginDroppedOnAPooledConnectionIsRetriedOnce() throws Exception {
    try (TlsTunnel t = tunnel("drops.example.com")) {
      assertThat(t.get("/ok").status()).isEqualTo(200);
      TlsTunnel.Response r = t.get("/drop-once");
      assertThat(r.status()).isEqualTo(200);
      assertThat(drops.count("GET", "/drop-once")).isEqualTo(2);
    }
  }

  @Test
  void aBodyCutShortIsTracedAsIncompleteAndEndsTheTunnel() throws Exception {
    for (String path : List.of("/short", "/short-chunked")) {
      try (TlsTunnel t = tunnel("short.example.com")) {
        TlsTunnel.Response r = t.get(path);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.complete()).as(path + " arrives incomplete").isFalse();
        assertThat(t.closedByProxy()).isTrue();
        JsonNode trace = h.trace(r.header("x-airlock-trace-id"));
        assertThat(trace.get("status").asInt()).isEqualTo(200);
        assertThat(trace.get("reasons").toString()).as(path).contains("UPSTREAM_RESPONSE_INCOMPLETE");
      }
    }
  }
}
