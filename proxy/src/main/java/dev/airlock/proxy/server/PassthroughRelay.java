package dev.airlock.proxy.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Byte relay for passthrough hosts (certificate-pinned services): no interception, read on one
 * side only after the write on the other completed — Netty's HexDumpProxy backpressure.
 */
final class PassthroughRelay extends ChannelInboundHandlerAdapter {
  private final Channel peer;
  /** The agent connection's deadline: traffic either way keeps the tunnel from idling out. */
  private final ConnectionDeadline deadline;

  private PassthroughRelay(Channel peer, ConnectionDeadline deadline) {
    this.peer = peer;
    this.deadline = deadline;
  }

  static void open(ProxyContext px, ChannelHandlerContext agentCtx, Destination d,
      Class<? extends SocketChannel> channelClass, Supplier<FullHttpResponse> established, Consumer<Throwable> failed) {
    Channel agent = agentCtx.channel();
    ConnectionDeadline deadline = agent.pipeline().get(ConnectionDeadline.class);
    Bootstrap b = new Bootstrap().group(agent.eventLoop()).channel(channelClass)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) px.config().timeouts().connect().toMillis())
        .option(ChannelOption.AUTO_READ, false)
        .handler(new PassthroughRelay(agent, deadline));
    b.connect(d.address()).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        failed.accept(f.cause());
        return;
      }
      Channel upstream = f.channel();
      agentCtx.writeAndFlush(established.get());
      ChannelPipeline p = agent.pipeline();
      p.addLast("relay", new PassthroughRelay(upstream, deadline));
      if (deadline != null) {
        deadline.relaying();
      }
      p.remove(ExchangeHandler.class);
      p.remove("encoder");
      p.remove("decoder");
      agent.config().setAutoRead(false);
      agent.read();
      upstream.read();
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (deadline != null) {
      deadline.received();
    }
    if (!peer.isActive()) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        ctx.channel().read();
      } else {
        f.channel().close();
      }
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (peer.isActive()) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
