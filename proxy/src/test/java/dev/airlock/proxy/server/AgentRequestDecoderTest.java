package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentRequestDecoderTest {
  private static HttpRequest decode(String raw) {
    EmbeddedChannel ch = new EmbeddedChannel(new AgentRequestDecoder(ProxyConfig.Limits.defaults()));
    try {
      ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
      Object first = ch.readInbound();
      assertThat(first).isInstanceOf(HttpRequest.class);
      return (HttpRequest) first;
    } finally {
      Object o;
      while ((o = ch.readInbound()) != null) {
        ReferenceCountUtil.release(o);
      }
      ch.finishAndReleaseAll();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4, 5\r\n\r\nabcde",
      "POST / HTTP/1.1\nHost: a\nContent-Length: 1\n\nx"
  })
  void rejectsAmbiguousFraming(String raw) {
    assertThat(decode(raw).decoderResult().isFailure()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
  })
  void acceptsWellFramedRequests(String raw) {
    assertThat(decode(raw).decoderResult().isSuccess()).isTrue();
  }

  /**
   * RFC 9112 §5.2 lets a proxy replace obs-fold by a space before forwarding; Airlock re-encodes
   * every header it forwards, so a folded line never reaches an upstream as a fold.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\r\n two", "\r\n\ttwo"})
  void obsFoldIsUnfoldedNeverForwarded(String fold) {
    HttpRequest r = decode("GET http://a/ HTTP/1.1\r\nHost: a\r\nX-A: one" + fold + "\r\n\r\n");
    assertThat(r.decoderResult().isSuccess()).isTrue();
    assertThat(r.headers().get("X-A")).isEqualTo("one two");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz", "-1", "fffffffffffffffff"})
  void invalidChunkSizesFailTheContent(String size) {
    EmbeddedChannel ch = new EmbeddedChannel(new AgentRequestDecoder(ProxyConfig.Limits.defaults()));
    ch.writeInbound(Unpooled.copiedBuffer("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + size + "\r\nabc\r\n0\r\n\r\n", StandardCharsets.ISO_8859_1));
    boolean failed = false;
    Object o;
    while ((o = ch.readInbound()) != null) {
      failed |= o instanceof io.netty.handler.codec.DecoderResultProvider p && p.decoderResult().isFailure();
      ReferenceCountUtil.release(o);
    }
    ch.finishAndReleaseAll();
    assertThat(failed).isTrue();
  }
}
