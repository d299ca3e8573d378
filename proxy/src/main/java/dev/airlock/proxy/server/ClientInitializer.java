package dev.airlock.proxy.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;

/** Assembles the pipeline of a new agent connection, or closes it at once when it is over a cap. */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {
  private final ProxyContext px;

  ClientInitializer(ProxyContext px) {
    this.px = px;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (!px.connectionLimit().accept(ch)) {
      px.stats().connectionRefused();
      ch.close();
      return;
    }
    ChannelPipeline p = ch.pipeline();
    p.addLast("stats", px.stats().connectionCounter());
    p.addLast("deadline", new ConnectionDeadline(px.config().timeouts()));
    p.addLast("flush", new FlushConsolidationHandler(64, true));
    p.addLast("decoder", new AgentRequestDecoder(px.config().limits()));
    p.addLast("encoder", new HttpResponseEncoder());
    p.addLast("exchange", new ExchangeHandler(px, null, ch.getClass()));
  }
}
