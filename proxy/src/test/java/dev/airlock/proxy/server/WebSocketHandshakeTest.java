package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests are WebSocket handshakes, and the headers a handshake keeps each way. */
class WebSocketHandshakeTest {

  @ParameterizedTest(name = "{0} {1} Upgrade: {2} Connection: {3} -> {4}")
  @CsvSource(delimiter = ';', value = {
      "GET; HTTP/1.1; websocket; Upgrade; true",
      "GET; HTTP/1.1; WebSocket; upgrade; true",
      "GET; HTTP/1.1; websocket; keep-alive, Upgrade; true",
      "GET; HTTP/1.1; websocket; keep-alive,upgrade ; true",
      "GET; HTTP/1.1; websocket; keep-alive; false",
      "GET; HTTP/1.1; h2c; Upgrade, HTTP2-Settings; false",
      "GET; HTTP/1.1; websocketx; Upgrade; false",
      "POST; HTTP/1.1; websocket; Upgrade; false",
      "GET; HTTP/1.0; websocket; Upgrade; false"})
  void tellsHandshakesApart(String method, String version, String upgrade, String connection, boolean handshake) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.valueOf(version), HttpMethod.valueOf(method), "/chat");
    req.headers().set("Upgrade", upgrade).set("Connection", connection);
    assertThat(WebSocketHandshake.isHandshake(req)).isEqualTo(handshake);
    assertThat(ProtocolSupport.refusal(req)).isEqualTo(handshake ? ProtocolSupport.WEBSOCKET : ProtocolSupport.UPGRADE);
  }

  @Test
  void aPlainRequestIsNeitherRefusedNorAHandshake() {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    assertThat(ProtocolSupport.refusal(req)).isNull();
  }

  @Test
  void theForwardedHandshakeKeepsItsUpgradeButOffersNoExtension() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("Upgrade", "websocket").set("Connection", "keep-alive, Upgrade").set("Sec-WebSocket-Key", "k")
        .set("Sec-WebSocket-Version", "13").set("Sec-WebSocket-Extensions", "permessage-deflate")
        .set("Sec-WebSocket-Protocol", "chat").set("Proxy-Authorization", "Basic eA==").set("Keep-Alive", "5");
    ForwardHeaders.prepare(h);
    WebSocketHandshake.keepUpgrade(h);
    assertThat(h.get("Upgrade")).isEqualTo("websocket");
    assertThat(h.get("Connection")).isEqualTo("upgrade");
    assertThat(h.get("Sec-WebSocket-Key")).isEqualTo("k");
    assertThat(h.get("Sec-WebSocket-Version")).isEqualTo("13");
    assertThat(h.get("Sec-WebSocket-Protocol")).isEqualTo("chat");
    assertThat(h.contains("Sec-WebSocket-Extensions")).isFalse();
    assertThat(h.contains("Proxy-Authorization")).isFalse();
    assertThat(h.contains("Keep-Alive")).isFalse();
  }

  @Test
  void anUpstream101IsCheckedThenRelayedWithTheTraceId() {
    HttpResponse ok = response("websocket", null);
    assertThat(WebSocketHandshake.invalid(ok)).isNull();
    assertThat(WebSocketHandshake.invalid(response("h2c", null))).contains("other than websocket");
    assertThat(WebSocketHandshake.invalid(response("websocket", "permessage-deflate"))).contains("extension");

    FullHttpResponse out = WebSocketHandshake.agentResponse(ok, "trc_1");
    assertThat(out.status()).isEqualTo(HttpResponseStatus.SWITCHING_PROTOCOLS);
    assertThat(out.headers().get("Upgrade")).isEqualTo("websocket");
    assertThat(out.headers().get("Connection")).isEqualTo("upgrade");
    assertThat(out.headers().get("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(out.headers().get(ProxyResponses.TRACE_HEADER)).isEqualTo("trc_1");
    assertThat(out.content().readableBytes()).isZero();
    out.release();
  }

  @Test
  void aCloseReasonNamesTheCodeAndTraceWithin123Bytes() {
    assertThat(WebSocketInspection.closeReason("SECRET_DETECTED", "trc_0123"))
        .isEqualTo("SECRET_DETECTED trace trc_0123");
    String longCode = "X".repeat(200);
    String r = WebSocketInspection.closeReason(longCode, "trc_0123456789abcdef");
    assertThat(r.getBytes(StandardCharsets.UTF_8)).hasSize(123);
    assertThat(r).endsWith(" trace trc_0123456789abcdef");
    assertThat(WebSocketInspection.closeReason(null, "t")).isEqualTo("POLICY_DENIED trace t");
  }

  private static HttpResponse response(String upgrade, String extensions) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    r.headers().set("Upgrade", upgrade).set("Connection", "Upgrade")
        .set("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    if (extensions != null) {
      r.headers().set("Sec-WebSocket-Extensions", extensions);
    }
    return r;
  }

  @Test
  void aHandshakeAirlockMadeItselfIsCheckedAgainstItsOwnKey() {
    assertThat(WebSocketHandshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="); // RFC 6455 §1.3
    HttpResponse ok = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    ok.headers().set("Upgrade", "websocket").set("Connection", "Upgrade")
        .set("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(WebSocketHandshake.invalid(ok, "dGhlIHNhbXBsZSBub25jZQ==")).isNull();
    assertThat(WebSocketHandshake.invalid(ok, WebSocketHandshake.newKey())).contains("Sec-WebSocket-Accept");
    ok.headers().remove("Sec-WebSocket-Accept");
    assertThat(WebSocketHandshake.invalid(ok, "dGhlIHNhbXBsZSBub25jZQ==")).contains("Sec-WebSocket-Accept");
    assertThat(WebSocketHandshake.newKey()).hasSize(24).isNotEqualTo(WebSocketHandshake.newKey());
  }

  @Test
  void theAgentsHttp2StreamIsAnswered200WithoutTheHttp11HandshakeHeaders() {
    HttpResponse up = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    up.headers().set("Upgrade", "websocket").set("Connection", "Upgrade").set("Sec-WebSocket-Accept", "x")
        .set("Sec-WebSocket-Protocol", "chat.v1");
    HttpResponse r = WebSocketHandshake.agentH2Response(up, "trc_1");
    assertThat(r).isNotInstanceOf(FullHttpResponse.class); // the stream stays open for the frames
    assertThat(r.status()).isEqualTo(HttpResponseStatus.OK);
    assertThat(r.headers().get("Sec-WebSocket-Protocol")).isEqualTo("chat.v1");
    assertThat(r.headers().get(ProxyResponses.TRACE_HEADER)).isEqualTo("trc_1");
    assertThat(r.headers().contains("Upgrade")).isFalse();
    assertThat(r.headers().contains("Connection")).isFalse();
    assertThat(r.headers().contains("Sec-WebSocket-Accept")).isFalse();
  }
}
