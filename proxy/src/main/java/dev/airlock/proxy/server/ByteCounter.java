package dev.airlock.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts the raw bytes an agent connection has received, so an idle check can tell a connection
 * resting between requests from one that sent half a request head and stalled (slowloris).
 */
final class ByteCounter extends ChannelInboundHandlerAdapter {
  private long total;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      total += b.readableBytes();
    }
    ctx.fireChannelRead(msg);
  }

  long total() {
    return total;
  }
}
