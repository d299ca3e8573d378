package dev.airlock.proxy.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * On an agent HTTP/2 stream, joins a response head and an empty end written right after it into
 * one HEADERS frame with END_STREAM. The relay writes a head and its body apart; for a response
 * without body or trailers that would be HEADERS then an empty DATA frame, and a gRPC client reads
 * a "trailers-only" answer (an error status, say) only from a HEADERS frame that ends the stream.
 */
final class H2ResponseHead extends ChannelOutboundHandlerAdapter {
  private HttpResponse head;
  private ChannelPromise headPromise;

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (head == null && msg instanceof HttpResponse r && !(msg instanceof HttpContent)
        && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
      head = r;
      headPromise = promise;
      return;
    }
    if (head != null && msg instanceof LastHttpContent end && !end.content().isReadable()
        && end.trailingHeaders().isEmpty()) {
      FullHttpResponse full = new DefaultFullHttpResponse(head.protocolVersion(), head.status(), Unpooled.EMPTY_BUFFER,
          head.headers(), end.trailingHeaders());
      ReferenceCountUtil.release(end);
      ChannelPromise first = headPromise;
      head = null;
      headPromise = null;
      ctx.write(full, promise).addListener(f -> {
        if (f.isSuccess()) {
          first.trySuccess();
        } else {
          first.tryFailure(f.cause());
        }
      });
      return;
    }
    writeHead(ctx);
    ctx.write(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    writeHead(ctx);
    ctx.flush();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    writeHead(ctx);
    ctx.close(promise);
  }

  private void writeHead(ChannelHandlerContext ctx) {
    if (head != null) {
      HttpResponse h = head;
      ChannelPromise p = headPromise;
      head = null;
      headPromise = null;
      ctx.write(h, p);
    }
  }
}
