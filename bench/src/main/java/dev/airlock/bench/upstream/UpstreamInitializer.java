package dev.airlock.bench.upstream;

import dev.airlock.bench.load.Protocol;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.Mapping;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * TLS (when configured: one certificate, or one per SNI host name), an optional idle close, then
 * HTTP/2 when ALPN picked it, else HTTP/1.1 (with WebSocket echo), whole-body aggregation and the
 * answering handler.
 */
final class UpstreamInitializer extends ChannelInitializer<SocketChannel> {
  /** Larger than the biggest benchmark body, so a request is always read whole before answering. */
  static final int MAX_BODY = 4 * 1024 * 1024;

  private final SslContext tls;
  private final Mapping<? super String, ? extends SslContext> byName;
  private final Duration idleClose;

  UpstreamInitializer(SslContext tls) {
    this(tls, null, Duration.ZERO);
  }

  /**
   * @param byName a certificate per SNI host name, used when {@code tls} is null (null: plain HTTP)
   * @param idleClose closes a connection with no traffic for this long, as real servers end idle
   *     keep-alive connections; zero keeps them open
   */
  UpstreamInitializer(SslContext tls, Mapping<? super String, ? extends SslContext> byName, Duration idleClose) {
    this.tls = tls;
    this.byName = byName;
    this.idleClose = idleClose;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.newHandler(ch.alloc()));
    } else if (byName != null) {
      p.addLast("tls", new SniHandler(byName));
    }
    if (!idleClose.isZero()) {
      p.addLast("idle", new IdleStateHandler(0, 0, idleClose.toMillis(), TimeUnit.MILLISECONDS));
      p.addLast("idle-close", new IdleClose());
    }
    if (tls != null || byName != null) {
      p.addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
          if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            http2(ctx.pipeline());
          } else {
            http1(ctx.pipeline());
          }
        }
      });
    } else {
      http1(p);
    }
  }

  /** HTTP/1.1, with WebSocket upgrades on {@link Protocol#WEBSOCKET_PATH} echoed. */
  private static void http1(ChannelPipeline p) {
    p.addLast("http", new HttpServerCodec());
    p.addLast("aggregate", new HttpObjectAggregator(MAX_BODY));
    p.addLast("websocket", new WebSocketServerProtocolHandler(Protocol.WEBSOCKET_PATH, null, false, MAX_BODY));
    p.addLast("echo", new WebSocketEcho());
    p.addLast("answer", new UpstreamHandler());
  }

  /** HTTP/2: each stream read whole and answered like an HTTP/1.1 request. */
  private static void http2(ChannelPipeline p) {
    p.addLast("h2", Http2FrameCodecBuilder.forServer().build());
    p.addLast("streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel stream) {
        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
        stream.pipeline().addLast(new HttpObjectAggregator(MAX_BODY));
        stream.pipeline().addLast(new UpstreamHandler());
      }
    }));
  }
}
