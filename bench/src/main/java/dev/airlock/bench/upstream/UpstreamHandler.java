package dev.airlock.bench.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers every request only after its whole body arrived (the aggregator guarantees that):
 *
 * <ul>
 *   <li>{@code /sse?events=N}: a {@code text/event-stream} of N events, each flushed on its own;
 *   <li>{@code /status/NNN}: an empty answer with that status (for the generator's own tests);
 *   <li>{@code /close}: closes the connection without answering (idem);
 *   <li>anything else: a fixed small JSON document.
 * </ul>
 */
final class UpstreamHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final ByteBuf JSON =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer()
              .writeBytes(
                  "{\"ok\":true,\"service\":\"bench-upstream\",\"items\":[]}\n"
                      .getBytes(StandardCharsets.US_ASCII)))
          .asReadOnly();

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    if (path.equals("/close")) {
      ctx.close();
    } else if (path.equals("/sse")) {
      streamEvents(ctx, eventCount(uri), keepAlive);
    } else if (path.startsWith("/status/")) {
      HttpResponseStatus status =
          HttpResponseStatus.valueOf(Integer.parseInt(path.substring("/status/".length())));
      answer(ctx, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status), keepAlive);
    } else {
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, JSON.duplicate());
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      answer(ctx, response, keepAlive);
    }
  }

  private static int eventCount(QueryStringDecoder uri) {
    var values = uri.parameters().get("events");
    return values == null || values.isEmpty() ? 10 : Integer.parseInt(values.get(0));
  }

  private static void answer(ChannelHandlerContext ctx, FullHttpResponse response, boolean keep) {
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keep);
    var written = ctx.writeAndFlush(response);
    if (!keep) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static void streamEvents(ChannelHandlerContext ctx, int events, boolean keepAlive) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    HttpUtil.setTransferEncodingChunked(head, true);
    HttpUtil.setKeepAlive(head, keepAlive);
    ctx.writeAndFlush(head);
    for (int i = 0; i < events; i++) {
      byte[] event = ("id: " + i + "\ndata: {\"seq\":" + i + "}\n\n").getBytes(StandardCharsets.US_ASCII);
      ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(event)));
    }
    var written = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
