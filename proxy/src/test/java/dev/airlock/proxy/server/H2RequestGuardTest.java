package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import org.junit.jupiter.api.Test;

/** The stream guard in front of Netty's frame-to-HTTP/1.1 codec, one frame at a time. */
class H2RequestGuardTest {
  private static Http2Headers request(String method, String path) {
    DefaultHttp2Headers h = new DefaultHttp2Headers(false);
    h.method(method).scheme("https").authority("h2.test").path(path);
    return h;
  }

  private static EmbeddedChannel guard() {
    return new EmbeddedChannel(new H2RequestGuard(new ConnectionDeadline(ProxyConfig.Timeouts.defaults())));
  }

  @Test
  void aValueWithCrLfOrNulResetsTheStreamAndIsNotPassedOn() {
    for (String bad : new String[] {"a\r\nb", "a\nb", "a\rb", "a\0b"}) {
      EmbeddedChannel ch = guard();
      ch.writeInbound(new DefaultHttp2HeadersFrame(request("GET", "/x").add("x-note", bad), false));
      Http2ResetFrame rst = ch.readOutbound();
      assertThat(rst.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
      assertThat(ch.isOpen()).isFalse();
      assertThat((Object) ch.readInbound()).as(bad).isNull();
      assertThat(ch.finishAndReleaseAll()).isFalse();
    }
  }

  @Test
  void aRequestWithoutMethodSchemeOrPathIsReset() {
    DefaultHttp2Headers noPath = new DefaultHttp2Headers(false);
    noPath.method("GET").scheme("https").authority("h2.test");
    DefaultHttp2Headers noScheme = new DefaultHttp2Headers(false);
    noScheme.method("GET").authority("h2.test").path("/");
    DefaultHttp2Headers noMethod = new DefaultHttp2Headers(false);
    noMethod.scheme("https").authority("h2.test").path("/");
    for (Http2Headers h : new Http2Headers[] {noPath, noScheme, noMethod}) {
      EmbeddedChannel ch = guard();
      ch.writeInbound(new DefaultHttp2HeadersFrame(h, true));
      assertThat((Object) ch.readInbound()).isNull();
      assertThat(((Http2ResetFrame) ch.readOutbound()).errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void authorityWinsOverAHostHeaderAndAGoodStreamPassesUntouched() {
    EmbeddedChannel ch = guard();
    ch.writeInbound(new DefaultHttp2HeadersFrame(request("POST", "/ok").add("host", "elsewhere.test"), false));
    ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(new byte[] {1}), true));
    Http2HeadersFrame head = ch.readInbound();
    assertThat(head.headers().contains("host")).isFalse();
    assertThat(head.headers().authority().toString()).isEqualTo("h2.test");
    Http2DataFrame data = ch.readInbound();
    assertThat(data.isEndStream()).isTrue();
    data.release();
    assertThat((Object) ch.readOutbound()).isNull();
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aConnectStreamIsAnswered501() {
    EmbeddedChannel ch = guard();
    DefaultHttp2Headers connect = new DefaultHttp2Headers(false);
    connect.method("CONNECT").authority("elsewhere.test:443");
    ch.writeInbound(new DefaultHttp2HeadersFrame(connect, false));
    Http2HeadersFrame answer = ch.readOutbound();
    assertThat(answer.headers().status().toString()).isEqualTo("501");
    Http2DataFrame body = ch.readOutbound();
    assertThat(body.content().toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains(H2RequestGuard.CONNECT_NOT_SUPPORTED);
    body.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void conversionHeadersAreDroppedAndTeTrailersIsRecognised() {
    HttpHeaders h = new DefaultHttpHeaders().add("x-http2-stream-id", "3").add("x-http2-scheme", "https")
        .add("te", "gzip, trailers").add("x-kept", "1");
    H2Headers.dropConversionHeaders(h);
    assertThat(h.names()).containsExactlyInAnyOrder("te", "x-kept");
    assertThat(H2Headers.asksForTrailers(h)).isTrue();
    assertThat(H2Headers.asksForTrailers(new DefaultHttpHeaders().add("te", "gzip"))).isFalse();
  }
}
