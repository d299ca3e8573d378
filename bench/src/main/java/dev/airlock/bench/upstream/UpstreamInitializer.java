package dev.airlock.bench.upstream;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

/** TLS (when configured), HTTP/1.1 codec, whole-body aggregation, then the answering handler. */
final class UpstreamInitializer extends ChannelInitializer<SocketChannel> {
  /** Larger than the biggest benchmark body, so a request is always read whole before answering. */
  static final int MAX_BODY = 4 * 1024 * 1024;

  private final SslContext tls;

  UpstreamInitializer(SslContext tls) {
    this.tls = tls;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.newHandler(ch.alloc()));
    }
    p.addLast("http", new HttpServerCodec());
    p.addLast("aggregate", new HttpObjectAggregator(MAX_BODY));
    p.addLast("answer", new UpstreamHandler());
  }
}
