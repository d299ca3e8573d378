package dev.airlock.bench.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

/**
 * Sends {@code CONNECT host:port} and completes the promise once a 2xx answer is fully read; any
 * other answer or a close fails it.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {
  private final Target target;
  private final Promise<Void> established;
  private int status;

  TunnelHandler(Target target, Promise<Void> established) {
    this.target = target;
    this.established = established;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    FullHttpRequest connect =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, target.authority());
    connect.headers().set(HttpHeaderNames.HOST, target.authority());
    if (target.proxyAuthorization() != null) {
      connect.headers().set(HttpHeaderNames.PROXY_AUTHORIZATION, target.proxyAuthorization());
    }
    ctx.writeAndFlush(connect);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpResponse response) {
        status = response.status().code();
      }
      if (msg instanceof LastHttpContent) {
        if (status / 100 == 2) {
          established.trySuccess(null);
        } else {
          established.tryFailure(new TunnelRefusedException(status));
          ctx.close();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    established.tryFailure(new TunnelRefusedException(0));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    established.tryFailure(cause);
    ctx.close();
  }

  /** The proxy answered CONNECT with a non-2xx status (0: it closed instead). */
  static final class TunnelRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TunnelRefusedException(int status) {
      super(status == 0 ? "proxy closed before answering CONNECT" : "CONNECT answered " + status, null, false, false);
    }
  }
}
