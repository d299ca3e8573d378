package dev.airlock.proxy.server;

import dev.airlock.proxy.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.testing.RawH2;
import dev.airlock.proxy.testing.TlsOrigin;
import dev.airlock.proxy.trace.Trace;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSocket over HTTP/2 (RFC 8441 extended CONNECT) through the interception, with Node's http2
 * module as the agent: Airlock advertises SETTINGS_ENABLE_CONNECT_PROTOCOL, answers the stream
 * {@code 200}, upgrades to the origin over HTTP/1.1, and relays frames on the stream's DATA frames,
 * each agent message decided before it goes upstream.
 */
class WebSocketH2EndToEndTest {
  private static final String SECRET = "key AKIAIOSFODNN7EXAMPLE";
  private static H2Harness h;

  @BeforeAll
  static void start() throws Exception {
    h = new H2Harness();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void nodeSpeaksRfc8441AnAllowedMessageIsEchoedAndASecretClosesWith1008() throws Exception {
    // h2.test speaks h2 too: the WebSocket still goes to it as an HTTP/1.1 upgrade.
    List<JsonNode> events = node(H2Harness.H2_HOST, "hello over h2", SECRET);

    assertThat(events.get(0).get("event").asText()).as(events.toString()).isEqualTo("response");
    assertThat(events.get(0).get("status").asInt()).as(h.px.traces.toString()).isEqualTo(200);
    assertThat(events.get(0).get("accept").isNull()).as("no Sec-WebSocket-Accept on h2").isTrue();
    assertThat(events.get(0).get("trace").asText()).isNotEmpty();
    assertThat(events.get(1).get("event").asText()).as(events.toString()).isEqualTo("text");
    assertThat(events.get(1).get("text").asText()).isEqualTo("echo hello over h2");
    JsonNode close = events.get(2);
    assertThat(close.get("event").asText()).as(events.toString()).isEqualTo("close");
    assertThat(close.get("code").asInt()).isEqualTo(1008);
    assertThat(close.get("reason").asText()).contains("SECRET_DETECTED");
    assertThat(events.get(events.size() - 1).get("event").asText()).as(events.toString()).isEqualTo("end");

    assertThat(h.h2.webSocketTexts()).as("the origin never saw the secret").containsExactly("hello over h2");
    await(() -> h.px.traces.stream().anyMatch((Trace t) -> "/chat".equals(t.path()) && t.status() == 200
        && "websocket_connect".equals(t.operation()) && "ALLOW".equals(t.decision())));
    await(() -> h.px.traces.stream().anyMatch((Trace t) -> "DENY".equals(t.decision())
        && t.reasons().contains("SECRET_DETECTED") && t.host().equals(H2Harness.H2_HOST)));
  }

  @Test
  void resettingTheStreamClosesTheOriginsSocket() throws Exception {
    List<JsonNode> events = node(H2Harness.H1_HOST, java.util.Map.of("WS_RESET", "1"), "then reset");
    assertThat(events.get(1).get("text").asText()).as(events.toString()).isEqualTo("echo then reset");
    assertThat(h.h1.webSocketTexts()).contains("then reset");
    await(() -> h.h1.webSocketsOpen() == 0);
  }

  @Test
  void aDeniedHandshakeIsAnswered403AndNeverReachesTheOrigin() throws Exception {
    String path = "/chat?token=AKIAIOSFODNN7EXAMPLE";
    List<JsonNode> events = node(H2Harness.H1_HOST, java.util.Map.of("WS_PATH", path), "never sent");
    assertThat(events.get(0).get("status").asInt()).as(events.toString()).isEqualTo(403);
    assertThat(events.get(events.size() - 1).get("event").asText()).isEqualTo("end");
    assertThat(h.h1.seen()).noneMatch(s -> s.path().startsWith("/chat"));
    assertThat(h.h1.webSocketTexts()).doesNotContain("never sent");
    await(() -> h.px.traces.stream().anyMatch((Trace t) -> t.status() == 403
        && "websocket_connect".equals(t.operation()) && t.reasons().contains("SECRET_DETECTED")));
  }

  @Test
  void anExtendedConnectForAnotherProtocolIsStillRefused() throws Exception {
    try (RawH2 c = new RawH2(h.port, H2Harness.H1_HOST, H2Harness.auth(), h.agentTrust)) {
      c.headers(1, false, ":method", "CONNECT", ":protocol", "something-else", ":scheme", "https",
          ":path", "/chat", ":authority", H2Harness.H1_HOST);
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.code()).as(o.toString()).isEqualTo(501);
      assertThat(o.body()).contains(H2RequestGuard.CONNECT_NOT_SUPPORTED);
    }
    assertThat(h.h1.webSocketTexts()).isEmpty();
  }

  private static List<JsonNode> node(String host, String... messages) throws Exception {
    return node(host, java.util.Map.of(), messages);
  }

  private static List<JsonNode> node(String host, java.util.Map<String, String> env, String... messages)
      throws Exception {
    Path script = Path.of(WebSocketH2EndToEndTest.class.getResource("/node/websocket-h2.js").toURI());
    List<String> cmd = new ArrayList<>(List.of("node", script.toString(), String.valueOf(h.port), H2Harness.auth(),
        h.caPem.toString(), host));
    cmd.addAll(List.of(messages));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("NODE_EXTRA_CA_CERTS");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        events.add(json.readTree(line));
      }
    }
    return events;
  }

  private static void await(BooleanSupplier condition) {
    Poll.until(Duration.ofSeconds(10), () -> "the condition; traces: " + h.px.traces, condition);
  }
}
