package dev.airlock.proxy.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Assembles the pipeline of a new agent connection. */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {
  private final ProxyContext px;

  ClientInitializer(ProxyContext px) {
    this.px = px;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("stats", px.stats().connectionCounter());
    long idle = px.config().timeouts().idle().toMillis();
    long header = px.config().timeouts().headerRead().toMillis();
    // Reads only: an idle handler that also watched writes would add a listener to every write.
    // ExchangeHandler closes a connection that has been quiet between requests for the idle
    // timeout, checking at each of these events.
    p.addLast("idle", new IdleStateHandler(Math.min(header, idle), 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("bytes", new ByteCounter());
    p.addLast("flush", new FlushConsolidationHandler(64, true));
    p.addLast("decoder", new AgentRequestDecoder(px.config().limits()));
    p.addLast("encoder", new HttpResponseEncoder());
    p.addLast("exchange", new ExchangeHandler(px, null, ch.getClass()));
  }
}
