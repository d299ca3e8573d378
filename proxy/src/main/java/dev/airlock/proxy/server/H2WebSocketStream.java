package dev.airlock.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * An agent's HTTP/2 stream carrying a WebSocket (RFC 8441 §5) as the byte stream the RFC 6455
 * frame codecs read and write: the payload of each DATA frame in, each buffer written out as a DATA
 * frame, and closing ends the stream with END_STREAM before the channel goes (the channel resets it
 * only if the agent has not ended its side too). Flow control is the stream channel's: it credits
 * the agent's window as DATA is read, and is unwritable while the agent's window is spent. An
 * agent's END_STREAM alone ends nothing: its WebSocket Close frame does, and a reset closes the channel.
 */
final class H2WebSocketStream extends ChannelDuplexHandler {
  private boolean ended;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2DataFrame data) {
      ByteBuf content = data.content();
      if (content.isReadable()) {
        ctx.fireChannelRead(content); // the frame's buffer, now the decoder's to release
      } else {
        data.release();
      }
    } else {
      ReferenceCountUtil.release(msg); // trailers or anything else on a WebSocket stream: nothing to relay
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf buf) {
      if (ended) {
        buf.release();
        promise.setSuccess();
        return;
      }
      ctx.write(new DefaultHttp2DataFrame(buf, false), promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!ended && ctx.channel().isActive()) {
      ended = true;
      ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true))
          .addListener(f -> ctx.close(promise));
      return;
    }
    ctx.close(promise);
  }
}
