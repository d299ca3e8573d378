package dev.airlock.bench.upstream;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.Mapping;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * TLS (when configured: one certificate, or one per SNI host name), an optional idle close,
 * HTTP/1.1 codec, whole-body aggregation, then the answering handler.
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
    p.addLast("http", new HttpServerCodec());
    p.addLast("aggregate", new HttpObjectAggregator(MAX_BODY));
    p.addLast("answer", new UpstreamHandler());
  }
}
