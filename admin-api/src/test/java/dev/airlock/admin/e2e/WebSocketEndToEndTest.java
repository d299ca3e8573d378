package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import dev.airlock.proxy.exfil.ResponseFingerprinter;
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
  private static final String PLAIN_HOST = "plainws.example.com";
  static WebSocketUpstream upstream;
  static WebSocketUpstream plain;
  static WebSocketUpstream chat;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("proxy:\n  inspect_max_bytes: 262144\nread_then_write:\n  window: 30s\n");
    upstream = new WebSocketUpstream(h.pki.serverContext(HOST));
    h.route(HOST + ":443", upstream.port());
    chat = new WebSocketUpstream(h.pki.serverContext("wss-primary.slack.com"));
    h.route("wss-primary.slack.com:443", chat.port());
    plain = new WebSocketUpstream(null);
    h.route(PLAIN_HOST + ":80", plain.port());
    h.http("plain.example.com");
    h.https("paste.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (upstream != null) {
      upstream.close();
    }
    if (plain != null) {
      plain.close();
    }
    if (chat != null) {
      chat.close();
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

  @Test
  void aSanitizedMessageGoesUpstreamRedacted() throws Exception {
    Seen seen = new Seen();
    WebSocket ws = h.jdkClient(h.agentKey).newWebSocketBuilder()
        .buildAsync(URI.create("wss://wss-primary.slack.com/link"), seen).get(20, TimeUnit.SECONDS);
    ws.sendText("{\"type\":\"message\",\"text\":\"write to jane.doe@example.org\"}", true).get(10, TimeUnit.SECONDS);
    String echoed = seen.firstText.get(10, TimeUnit.SECONDS);
    assertThat(echoed).startsWith("{\"type\":\"message\"").doesNotContain("jane.doe@example.org");
    assertThat(chat.received).singleElement().satisfies(m ->
        assertThat(m).doesNotContain("jane.doe@example.org").contains("write to "));
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBinaryMessageIsScannedAsText() throws Exception {
    Seen seen = new Seen();
    WebSocket ws = open(seen);
    byte[] bytes = ("\u0001\u0002key=" + SECRET + "\u0003").getBytes(StandardCharsets.UTF_8);
    ws.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
    assertThat(seen.closed.get(15, TimeUnit.SECONDS)).startsWith("1008 SECRET_DETECTED trace ");
  }

  @Test
  void aSecretSplitOverFragmentsIsFoundInTheReassembledMessage() throws Exception {
    Seen seen = new Seen();
    WebSocket ws = open(seen);
    ws.sendText("{\"key\":\"AKIAIOSF", false).get(10, TimeUnit.SECONDS);
    ws.sendText("ODNN7EXAMPLE\",\"part\":\"fragmented\"}", true).get(10, TimeUnit.SECONDS);
    assertThat(seen.closed.get(15, TimeUnit.SECONDS)).startsWith("1008 SECRET_DETECTED");
    assertThat(upstream.received).noneMatch(r -> r.contains("fragmented"));
  }

  @Test
  void aLargeMessageIsInspectedOffTheEventLoopAndGoesThrough() throws Exception {
    Seen seen = new Seen();
    WebSocket ws = open(seen);
    String big = "{\"blob\":\"" + "x".repeat(200 * 1024) + "\"}";
    ws.sendText(big.substring(0, 70_000), false).get(10, TimeUnit.SECONDS);
    ws.sendText(big.substring(70_000), true).get(10, TimeUnit.SECONDS);
    ws.sendText("after the large one", true).get(10, TimeUnit.SECONDS);
    Poll.until(Duration.ofSeconds(15), "both messages echoed", () -> seen.texts.size() == 2);
    assertThat(seen.texts).containsExactly(big, "after the large one");
    assertThat(upstream.received).contains(big);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void aMessageLargerThanTheInspectionLimitIsRefusedUnderDeny() throws Exception {
    Seen seen = new Seen();
    WebSocket ws = open(seen);
    String huge = "oversize " + "y".repeat(300 * 1024);
    ws.sendText(huge, true).get(10, TimeUnit.SECONDS);
    assertThat(seen.closed.get(15, TimeUnit.SECONDS)).startsWith("1008 BODY_TOO_LARGE_TO_INSPECT trace ");
    assertThat(upstream.received).noneMatch(r -> r.startsWith("oversize "));
  }

  @Test
  void anAddressReadOverTheSocketAndWrittenElsewhereIsFlagged() throws Exception {
    upstream.readAnswer = "{\"owner\":\"ana.websocket@example.org\"}";
    ResponseFingerprinter scanner = h.node.responseScanner();
    long before = scanner.valuesFound();
    Seen seen = new Seen();
    WebSocket ws = open(seen);
    ws.sendText(WebSocketUpstream.READ_PROMPT, true).get(10, TimeUnit.SECONDS);
    assertThat(seen.firstText.get(10, TimeUnit.SECONDS)).contains("ana.websocket@example.org");
    Poll.until(Duration.ofSeconds(15), "the message to be scanned", () -> scanner.valuesFound() > before);
    java.net.http.HttpResponse<String> r = h.jdkClient(h.agentKey).send(java.net.http.HttpRequest.newBuilder(
            URI.create("https://paste.example.com/new")).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"ana.websocket@example.org\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    JsonNode t = h.trace(r.headers().firstValue("x-airlock-trace-id").orElseThrow());
    assertThat(t.get("reasons").toString()).contains("READ_THEN_WRITE_EXFIL");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void aPlainAbsoluteFormHandshakeIsRelayedAndItsFramesToo() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", h.proxyPort())) {
      s.setSoTimeout(15_000);
      java.io.OutputStream out = s.getOutputStream();
      out.write(("GET http://" + PLAIN_HOST + "/plain HTTP/1.1\r\nHost: " + PLAIN_HOST + "\r\n"
          + "Upgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"
          + h.authHeader() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      java.io.InputStream in = s.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
          .containsIgnoringCase("x-airlock-trace-id").doesNotContainIgnoringCase("sec-websocket-extensions");
      byte[] payload = "plain hello".getBytes(StandardCharsets.UTF_8);
      byte[] mask = {1, 2, 3, 4};
      java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
      frame.write(0x81);
      frame.write(0x80 | payload.length);
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      out.write(frame.toByteArray());
      out.flush();
      byte[] echo = in.readNBytes(2 + payload.length);
      assertThat(echo[0] & 0xff).isEqualTo(0x81);
      assertThat(echo[1] & 0xff).as("frames to the agent are not masked").isEqualTo(payload.length);
      assertThat(new String(echo, 2, payload.length, StandardCharsets.UTF_8)).isEqualTo("plain hello");
    }
    assertThat(plain.received).containsExactly("plain hello");
  }

  private static String readHead(java.io.InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
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
