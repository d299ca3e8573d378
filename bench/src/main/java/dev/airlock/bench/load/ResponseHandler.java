package dev.airlock.bench.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Consumes answers without aggregating them (streams too): the status comes with the head, the
 * answer is complete with its last content, which for a stream is the last event.
 */
class ResponseHandler extends ChannelInboundHandlerAdapter {
  private final ResponseListener listener;
  private int status;
  private boolean keepAlive;

  ResponseHandler(ResponseListener listener) {
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpResponse response) {
        status = response.status().code();
        keepAlive = HttpUtil.isKeepAlive(response);
      }
      if (msg instanceof LastHttpContent && msg instanceof HttpObject) {
        answered(status, keepAlive);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  protected void answered(int status, boolean keepAlive) {
    listener.onResponse(status, keepAlive);
  }

  protected ResponseListener listener() {
    return listener;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
