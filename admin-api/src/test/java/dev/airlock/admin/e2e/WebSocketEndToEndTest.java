package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSocket through the interception with real clients: the JDK's {@link WebSocket} and Node's
 * {@code ws} (through {@code https-proxy-agent}), against a real wss origin whose certificate comes
 * from the test CA the node trusts upstream. Allowed messages are echoed and reach the origin; a
 * message carrying an AWS key closes the connection with 1008 naming SECRET_DETECTED, and the origin
 * never sees it. Other upgrades are still refused with 501.
 */
class WebSocketEndToEndTest {
  private static final String HOST = "ws.example.com";
  private static final String SECRET = "AKIAIOSFODNN7EXAMPLE";
  static AirlockHarness h;
  static WebSocketUpstream upstream;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    upstream = new WebSocketUpstream(h.pki.serverContext(HOST));
    h.route(HOST + ":443", upstream.port());
    h.http("plain.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (upstream != null) {
      upstream.close();
    }
    if (h != null) {
      h.close();
    }
  }

  /** What a JDK WebSocket listener saw: the texts, and the close status and reason. */
  static final class Seen implements WebSocket.Listener {
    final List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CompletableFuture<String> firstText = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        texts.add(part.toString());
        firstText.complete(part.toString());
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(status + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete("error " + error);
    }
  }

  private static WebSocket open(Seen seen) throws Exception {
    return h.jdkClient(h.agentKey).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create("wss://" + HOST + "/chat?room=1"), seen).get(20, TimeUnit.SECONDS);
  }

  @Test
  void jdkClientMessageIsEchoedAndReachesTheOrigin() throws Exception {
    Seen seen = new Seen();
    WebSocket ws = open(seen);
    String msg = "{\"text\":\"hello from the jdk\"}";
    ws.sendText(msg, true).get(10, TimeUnit.SECONDS);
    assertThat(seen.firstText.get(10, TimeUnit.SECONDS)).isEqualTo(msg);
    assertThat(upstream.received).contains(msg);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    assertThat(seen.closed.get(10, TimeUnit.SECONDS)).startsWith("1000");
    // The origin saw a WebSocket handshake without the agent's credentials or any extension.
    assertThat(upstream.handshakes).isNotEmpty().allSatisfy(hs -> {
      assertThat(hs.contains("Proxy-Authorization")).isFalse();
      assertThat(hs.contains("Sec-WebSocket-Extensions")).isFalse();
      assertThat(hs.get("Upgrade")).isEqualToIgnoringCase("websocket");
    });
    JsonNode connect = awaitTrace(t -> t.get("status").asInt() == 101 && t.get("method").asText().equals("GET"));
    assertThat(connect.get("operation").asText()).isEqualTo("websocket_connect");
    JsonNode message = awaitTrace(t -> t.get("method").asText().equals("WS") && t.get("status").asInt() == 101);
    assertThat(message.get("reasons").toString()).contains("WEBSOCKET_MESSAGE");
    assertThat(message.get("path").asText()).isEqualTo("/chat");
  }

  @Test
  void jdkClientMessageWithASecretClosesBothSidesWith1008() throws Exception {
    Seen seen = new Seen();
    WebSocket ws = open(seen);
    String msg = "{\"aws_access_key_id\":\"" + SECRET + "\",\"note\":\"jdk\"}";
    ws.sendText(msg, true).get(10, TimeUnit.SECONDS);
    String closed = seen.closed.get(15, TimeUnit.SECONDS);
    assertThat(closed).startsWith("1008 ").contains("SECRET_DETECTED").contains("trace ");
    assertThat(closed.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(5 + 123);
    assertThat(seen.texts).isEmpty();
    assertThat(upstream.received).noneMatch(r -> r.contains(SECRET));
    String traceId = closed.substring(closed.indexOf("trace ") + 6).trim();
    JsonNode t = awaitTrace(x -> x.get("id").asText().equals(traceId));
    assertThat(t.get("method").asText()).isEqualTo("WS");
    assertThat(t.get("reasons").toString()).contains("WEBSOCKET_MESSAGE").contains("SECRET_DETECTED");
    assertThat(t.get("status").asInt()).isEqualTo(403);
    assertThat(t.toString()).doesNotContain(SECRET);
  }

  @Test
  void nodeWsClientThroughHttpsProxyAgent() throws Exception {
    String allowed = "hello from node ws";
    String denied = "export AWS_ACCESS_KEY_ID=" + SECRET;
    Process node = Clients.builder(Path.of("src/test/node").toAbsolutePath(), Map.of(
            "WS_URL", "wss://" + HOST + "/node", "PROXY_URL", h.proxyUrl(),
            "NODE_EXTRA_CA_CERTS", h.airlockCa.toString(), "ALLOWED", allowed, "DENIED", denied),
        List.of("node", "ws-e2e.mjs")).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        return "";
      }
    });
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as("node stderr: %s", err.join()).isZero();
    JsonNode r = AirlockHarness.JSON.readTree(out);
    assertThat(r.at("/allowed/messages/0").asText()).isEqualTo(allowed);
    assertThat(r.at("/allowed/code").asInt()).isEqualTo(1000);
    assertThat(r.at("/denied/messages").size()).isZero();
    assertThat(r.at("/denied/code").asInt()).isEqualTo(1008);
    assertThat(r.at("/denied/reason").asText()).startsWith("SECRET_DETECTED trace ");
    assertThat(upstream.received).contains(allowed).noneMatch(m -> m.contains(SECRET));
  }

  @Test
  void otherUpgradesAreStillRefused() throws Exception {
    String r = h.raw("GET http://plain.example.com/ HTTP/1.1\r\nHost: plain.example.com\r\n"
        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n"
        + h.authHeader() + "\r\n");
    assertThat(r).startsWith("HTTP/1.1 501").contains("UPGRADE_NOT_SUPPORTED");
  }

  private static JsonNode awaitTrace(Predicate<JsonNode> wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      seen.clear();
      for (JsonNode t : h.admin("GET", "/api/v1/traces?limit=1000&since=1h", null).get("data")) {
        if (t.get("host").asText().equals(HOST) && wanted.test(t)) {
          return t;
        }
        seen.add(t.get("method").asText() + " " + t.get("status").asInt() + " " + t.get("reasons"));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError("no such trace; saw " + seen);
  }
}
