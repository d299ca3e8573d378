package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that must never reach an upstream uninspected, whatever the agent declares: labelled
 * bodies, split Content-Encoding lines, broken chunked framing, HTTP/2 prefaces and upgrades.
 * Every case here is answered by the proxy itself; a forwarded request would have no answer.
 */
class UninspectableRequestsTest {
  private static final String SECRET = "{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}";
  private static final String HEAD = "POST http://93.184.216.34/v1/chat/completions HTTP/1.1\r\nHost: 93.184.216.34\r\n"
      + TestProxyContexts.AUTH;

  private final TestProxyContexts px = new TestProxyContexts(ProxyConfig.defaults());
  private final EmbeddedChannel ch = px.agentChannel();

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  private String send(String raw) {
    TestProxyContexts.receive(ch, raw);
    return TestProxyContexts.written(ch);
  }

  private String send(String head, byte[] body) {
    ByteBuf all = Unpooled.buffer();
    all.writeCharSequence(head, StandardCharsets.ISO_8859_1);
    all.writeBytes(body);
    ch.writeInbound(all);
    ch.runPendingTasks();
    return TestProxyContexts.written(ch);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/x-git-receive-pack-request", "application/x-git-upload-pack-request",
      "application/octet-stream", "image/png", "multipart/form-data; boundary=x", "application/zip",
      "APPLICATION/X-GIT-RECEIVE-PACK-REQUEST; charset=utf-8"})
  void noContentTypeSwitchesScanningOff(String type) {
    String r = send(HEAD + "Content-Type: " + type + "\r\nContent-Length: " + SECRET.length() + "\r\n\r\n" + SECRET);
    assertThat(r).startsWith("HTTP/1.1 403").contains("\"SECRET_DETECTED\"");
    assertThat(px.traces).singleElement().satisfies(t -> assertThat(t.decision()).isEqualTo("DENY"));
  }

  @Test
  void contentEncodingLinesFormOneList() throws IOException {
    byte[] gz = gzip(SECRET.getBytes(StandardCharsets.UTF_8));
    String r = send(HEAD + "Content-Encoding: identity\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length
        + "\r\n\r\n", gz);
    assertThat(r).startsWith("HTTP/1.1 403").contains("\"SECRET_DETECTED\"");
  }

  @Test
  void twoCodingsOnTwoLinesAreBothUndone() throws IOException {
    byte[] gz = gzip(gzip(SECRET.getBytes(StandardCharsets.UTF_8)));
    String r = send(HEAD + "Content-Encoding: gzip\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length
        + "\r\n\r\n", gz);
    assertThat(r).startsWith("HTTP/1.1 403").contains("\"SECRET_DETECTED\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity\r\nContent-Encoding: zstd", "gzip\r\nContent-Encoding: gzip, gzip",
      "gzip\r\nContent-Encoding: compress"})
  void aBodyAirlockCannotDecodeIsTooLargeToInspect(String codings) throws IOException {
    byte[] gz = gzip(gzip(gzip(SECRET.getBytes(StandardCharsets.UTF_8))));
    String r = send(HEAD + "Content-Encoding: " + codings + "\r\nContent-Length: " + gz.length + "\r\n\r\n", gz);
    assertThat(r).startsWith("HTTP/1.1 413").contains("BODY_TOO_LARGE_TO_INSPECT").contains("cannot be decoded");
    assertThat(px.traces).singleElement().satisfies(t -> assertThat(t.reasons()).contains("BODY_TOO_LARGE_TO_INSPECT"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "fffffffffffffffff\r\nabc\r\n0\r\n\r\n",
      "-5\r\nabcde\r\n0\r\n\r\n",
      "0x5\r\nabcde\r\n0\r\n\r\n",
      "5\nabcde\n0\n\n",
      "5\r\nabcdeXY0\r\n\r\n",
      "5\r\nabcde0\r\n\r\n"})
  void aMalformedChunkedBodyIs400AndClosesTheConnection(String chunks) {
    String r = send(HEAD + "Transfer-Encoding: chunked\r\n\r\n" + chunks);
    assertThat(r).startsWith("HTTP/1.1 400").contains("\"MALFORMED_REQUEST\"").containsIgnoringCase("connection: close");
    assertThat(ch.isOpen()).isFalse();
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.status()).isEqualTo(400);
      assertThat(t.reasons()).contains("MALFORMED_REQUEST");
      assertThat(t.upstreamMillis()).isEqualTo(-1);
    });
  }

  @Test
  void aBareHttp2PrefaceIsRefusedWith505() {
    String r = send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 505").contains("\"HTTP2_NOT_SUPPORTED\"");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void anHttp2RequestLineWithATargetIsRefusedAndTraced() {
    String r = send("PRI http://93.184.216.34/ HTTP/2.0\r\nHost: 93.184.216.34\r\n" + TestProxyContexts.AUTH
        + "\r\nSM\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 505").contains("\"HTTP2_NOT_SUPPORTED\"");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("DENY");
      assertThat(t.reasons()).contains("PROTOCOL_NOT_SUPPORTED");
      assertThat(t.agent()).isEqualTo(TestProxyContexts.AGENT);
    });
  }

  @Test
  void theHttp2PrefaceInsideATunnelIsRefusedAndTraced() {
    TunnelInfo tunnel = new TunnelInfo(new Target("93.184.216.34", 443, true),
        new Destination("93.184.216.34", 443, new InetSocketAddress("93.184.216.34", 443), null),
        new ProxyCredentials(TestProxyContexts.AGENT, TestProxyContexts.KEY));
    EmbeddedChannel t = new EmbeddedChannel(new AgentRequestDecoder(ProxyConfig.Limits.defaults()),
        new io.netty.handler.codec.http.HttpResponseEncoder(),
        new ExchangeHandler(px.context, tunnel, NioSocketChannel.class));
    try {
      TestProxyContexts.receive(t, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0");
      assertThat(TestProxyContexts.written(t)).startsWith("HTTP/1.1 505").contains("\"HTTP2_NOT_SUPPORTED\"");
      assertThat(t.isOpen()).isFalse();
      assertThat(px.traces).singleElement().satisfies(tr -> {
        assertThat(tr.decision()).isEqualTo("DENY");
        assertThat(tr.reasons()).contains("PROTOCOL_NOT_SUPPORTED");
      });
    } finally {
      t.finishAndReleaseAll();
    }
  }

  /** Upgrades other than a WebSocket handshake (GET, Upgrade: websocket, Connection naming upgrade). */
  @ParameterizedTest
  @ValueSource(strings = {
      "GET|h2c|Upgrade, HTTP2-Settings",
      "GET|TLS/1.2|Upgrade",
      "GET|websocket|keep-alive",
      "POST|websocket|Upgrade",
      "GET|websocket-ish|Upgrade"})
  void anUpgradeIsRefusedNeverStripped(String c) {
    String[] p = c.split("\\|");
    String r = send(p[0] + " http://93.184.216.34/socket HTTP/1.1\r\nHost: 93.184.216.34\r\n" + TestProxyContexts.AUTH
        + "Connection: " + p[2] + "\r\nUpgrade: " + p[1] + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 501").contains("\"UPGRADE_NOT_SUPPORTED\"");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("DENY");
      assertThat(t.reasons()).contains("PROTOCOL_NOT_SUPPORTED");
    });
  }

  @Test
  void aTransferCodingOtherThanChunkedIsRefused() throws IOException {
    byte[] gz = gzip(SECRET.getBytes(StandardCharsets.UTF_8));
    String chunk = Integer.toHexString(gz.length) + "\r\n";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(chunk.getBytes(StandardCharsets.ISO_8859_1));
    body.write(gz);
    body.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String r = send(HEAD + "Transfer-Encoding: gzip, chunked\r\n\r\n", body.toByteArray());
    assertThat(r).startsWith("HTTP/1.1 501").contains("\"TRANSFER_CODING_NOT_SUPPORTED\"");
    assertThat(px.traces).singleElement().satisfies(t -> assertThat(t.reasons()).contains("PROTOCOL_NOT_SUPPORTED"));
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
