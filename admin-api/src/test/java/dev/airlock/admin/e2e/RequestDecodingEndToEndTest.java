package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the agent declares about a request (its Content-Type, its Content-Encoding lines, its
 * framing, its protocol) never gets a body past inspection: each case is answered by Airlock and
 * the origin receives nothing of it.
 */
class RequestDecodingEndToEndTest {
  private static final String SECRET = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":"
      + "\"key AKIAIOSFODNN7EXAMPLE\"}]}";

  static AirlockHarness h;
  static RecordingUpstream openai;
  static RecordingUpstream plain;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    openai = h.https("api.openai.com");
    plain = h.http("plain.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private Clients.Result curl(String... args) throws Exception {
    return h.curl(args);
  }

  private static String traceId(String response) {
    return response.replaceAll("(?is).*x-airlock-trace-id: (trc_[0-9a-f]+).*", "$1");
  }

  private TlsTunnel tunnel() throws Exception {
    return new TlsTunnel(h.proxyPort(), "local-agent", h.agentKey, "api.openai.com", h.airlockCa);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/x-git-receive-pack-request", "application/x-git-upload-pack-request",
      "application/octet-stream", "image/png"})
  void aDeclaredContentTypeDoesNotSwitchScanningOff(String type) throws Exception {
    int before = openai.received().size();
    Clients.Result r = curl("-H", "Content-Type: " + type, "--data-binary", SECRET,
        "https://api.openai.com/v1/chat/completions");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 403").contains("SECRET_DETECTED");
    assertThat(openai.received()).hasSize(before);
    assertThat(h.trace(traceId(r.stdout())).get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void contentEncodingLinesAreReadTogether() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(SECRET.getBytes(StandardCharsets.UTF_8));
    }
    Path file = Files.write(h.dir.resolve("split.gz"), gz.toByteArray());
    int before = openai.received().size();
    Clients.Result r = curl("-H", "Content-Type: application/json", "-H", "Content-Encoding: identity",
        "-H", "Content-Encoding: gzip", "--data-binary", "@" + file, "https://api.openai.com/v1/chat/completions");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 403").contains("SECRET_DETECTED");
    assertThat(openai.received()).hasSize(before);
  }

  @Test
  void aCodingAirlockCannotUndoIsRefusedAsUninspectable() throws Exception {
    int before = openai.received().size();
    Clients.Result r = curl("-H", "Content-Type: application/json", "-H", "Content-Encoding: identity",
        "-H", "Content-Encoding: zstd", "--data-binary", SECRET, "https://api.openai.com/v1/chat/completions");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 413").contains("BODY_TOO_LARGE_TO_INSPECT");
    assertThat(openai.received()).hasSize(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fffffffffffffffff\r\nabc\r\n0\r\n\r\n", "-5\r\nabcde\r\n0\r\n\r\n",
      "0x5\r\nabcde\r\n0\r\n\r\n", "5\nabcde\n0\n\n", "5\r\nabcdeXY0\r\n\r\n"})
  void aMalformedChunkedBodyInATunnelIs400AndNothingIsForwarded(String chunks) throws Exception {
    int before = openai.received().size();
    try (TlsTunnel t = tunnel()) {
      TlsTunnel.Response r = t.sendRaw(("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
          .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(r.body()).contains("\"code\":\"MALFORMED_REQUEST\"");
      assertThat(t.closedByProxy()).isTrue();
    }
    assertThat(openai.received()).hasSize(before);
  }

  @Test
  void aMalformedChunkedPlainRequestIs400AndNothingIsForwarded() throws Exception {
    int before = plain.received().size();
    String r = raw("POST http://plain.example.com/upload HTTP/1.1\r\nHost: plain.example.com\r\n" + h.authHeader()
        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n-5\r\nabcde\r\n0\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close").contains("MALFORMED_REQUEST");
    assertThat(plain.received()).hasSize(before);
  }

  @Test
  void aTransferCodingOtherThanChunkedIsRefusedNotForwarded() throws Exception {
    int before = openai.received().size();
    try (TlsTunnel t = tunnel()) {
      TlsTunnel.Response r = t.sendRaw(("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(r.status()).isEqualTo(501);
      assertThat(r.body()).contains("\"code\":\"TRANSFER_CODING_NOT_SUPPORTED\"");
      assertThat(h.trace(r.header("x-airlock-trace-id")).get("reasons").toString()).contains("PROTOCOL_NOT_SUPPORTED");
    }
    assertThat(openai.received()).hasSize(before);
  }

  @Test
  void theHttp2PrefaceInATunnelIsRefusedNotForwarded() throws Exception {
    int before = openai.received().size();
    try (TlsTunnel t = tunnel()) {
      TlsTunnel.Response r = t.sendRaw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0"
          .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(r.status()).isEqualTo(505);
      assertThat(r.body()).contains("\"code\":\"HTTP2_NOT_SUPPORTED\"");
      JsonNode trace = h.trace(r.header("x-airlock-trace-id"));
      assertThat(trace.get("decision").asText()).isEqualTo("DENY");
      assertThat(trace.get("reasons").toString()).contains("PROTOCOL_NOT_SUPPORTED");
      assertThat(t.closedByProxy()).isTrue();
    }
    assertThat(openai.received()).hasSize(before);
  }

  @Test
  void theHttp2PrefaceOnPlainHttpIsRefused() throws Exception {
    int before = plain.received().size();
    assertThat(raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).startsWith("HTTP/1.1 505").contains("HTTP2_NOT_SUPPORTED");
    assertThat(raw("PRI http://plain.example.com/ HTTP/2.0\r\nHost: plain.example.com\r\n" + h.authHeader()
        + "\r\nSM\r\n\r\n")).startsWith("HTTP/1.1 505").contains("HTTP2_NOT_SUPPORTED");
    assertThat(plain.received()).hasSize(before);
  }

  @Test
  void anH2cUpgradeInATunnelIsRefusedNeverStripped() throws Exception {
    int before = openai.received().size();
    try (TlsTunnel t = tunnel()) {
      TlsTunnel.Response r = t.sendRaw(("GET /v1/models HTTP/1.1\r\nHost: api.openai.com\r\n"
          + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(r.status()).isEqualTo(501);
      assertThat(r.body()).contains("\"code\":\"UPGRADE_NOT_SUPPORTED\"");
      JsonNode trace = h.trace(r.header("x-airlock-trace-id"));
      assertThat(trace.get("decision").asText()).isEqualTo("DENY");
      assertThat(trace.get("reasons").toString()).contains("PROTOCOL_NOT_SUPPORTED");
    }
    assertThat(openai.received()).hasSize(before);
  }

  @Test
  void aWebSocketHandshakeAnOriginDeclinesGetsTheOriginsAnswer() throws Exception {
    openai.on("/v1/realtime", ex -> {
      ex.getResponseHeaders().set("Sec-WebSocket-Version", "13");
      ex.sendResponseHeaders(426, -1);
      ex.close();
    });
    try (TlsTunnel t = tunnel()) {
      TlsTunnel.Response r = t.sendRaw(("GET /v1/realtime HTTP/1.1\r\nHost: api.openai.com\r\nConnection: Upgrade\r\n"
          + "Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(r.status()).isEqualTo(426);
      JsonNode trace = h.trace(r.header("x-airlock-trace-id"));
      assertThat(trace.get("operation").asText()).isNotBlank();
      assertThat(trace.get("status").asInt()).isEqualTo(426);
    }
    RecordingUpstream.Received got = openai.received().get(openai.received().size() - 1);
    assertThat(got.uri()).isEqualTo("/v1/realtime");
    assertThat(got.header("Upgrade")).isEqualToIgnoringCase("websocket");
    assertThat(got.header("Sec-WebSocket-Key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
  }

  @Test
  void anH2cUpgradeOnPlainHttpIsRefused() throws Exception {
    int before = plain.received().size();
    String r = raw("GET http://plain.example.com/socket HTTP/1.1\r\nHost: plain.example.com\r\n" + h.authHeader()
        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 501").contains("UPGRADE_NOT_SUPPORTED");
    assertThat(plain.received()).hasSize(before);
  }

  @Test
  void aClientOfferingHttp2IsServedOverHttp2() throws Exception {
    int before = openai.received().size();
    Clients.Result r = curl("--http2", "-H", "Content-Type: application/json", "--data-binary",
        "{\"model\":\"gpt-4o\",\"messages\":[]}", "https://api.openai.com/v1/chat/completions");
    assertThat(r.stdout()).as(r.toString()).startsWith("HTTP/1.1 200 Connection established")
        .contains("\r\n\r\nHTTP/2 200");
    assertThat(openai.received()).hasSize(before + 1);
  }

  private static String raw(String request) throws Exception {
    return h.raw(request);
  }
}
