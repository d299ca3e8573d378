package dev.airlock.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.Ids;
import dev.airlock.admin.store.StoreException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to the router on the store executor (JDBC never runs on the event loop) and
 * writes the answer back. One instance per connection: requests of a connection are chained so
 * that pipelined requests are answered in order.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

  /** A client reading nothing of a streamed body for this long is disconnected. */
  private static final Duration STREAM_STALL_TIMEOUT = Duration.ofSeconds(60);

  private final Router router;
  private final Envelope envelope;
  private final ObjectMapper json;
  private final Executor executor;
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

  AdminHttpHandler(Router router, Envelope envelope, ObjectMapper json, Executor executor) {
    this.router = router;
    this.envelope = envelope;
    this.json = json;
    this.executor = executor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    String requestId = Ids.newId("req");
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    if (msg.decoderResult().isFailure()) {
      write(ctx, requestId, false,
          envelope.error(requestId, HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed HTTP request", null));
      return;
    }
    ApiRequest req = toApiRequest(msg, requestId);
    previous =
        previous
            .thenRunAsync(() -> write(ctx, requestId, keepAlive, router.route(req)), executor)
            .exceptionally(
                e -> {
                  // Executor queue full: the store is overloaded, say so rather than queue forever.
                  write(ctx, requestId, keepAlive, envelope.error(requestId,
                      HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "server busy, retry later", null));
                  return null;
                });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection error: {}", cause.toString());
    ctx.close();
  }

  private static ApiRequest toApiRequest(FullHttpRequest msg, String requestId) {
    QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
    String path = uri.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    List<String> segments = List.of();
    if (path.startsWith(Router.API_PREFIX + "/")) {
      segments = Arrays.stream(path.substring(Router.API_PREFIX.length() + 1).split("/"))
          .filter(s -> !s.isEmpty())
          .toList();
    }
    return new ApiRequest(
        requestId,
        msg.method(),
        path,
        segments,
        uri.parameters(),
        msg.headers().get(HttpHeaderNames.CONTENT_TYPE),
        msg.headers().get(HttpHeaderNames.AUTHORIZATION),
        msg.headers().get(HttpHeaderNames.ACCEPT),
        ByteBufUtil.getBytes(msg.content()),
        null,
        msg.headers().copy());
  }

  private void write(ChannelHandlerContext ctx, String requestId, boolean keepAlive, ApiResponse response) {
    if (response.stream() != null) {
      stream(ctx, requestId, keepAlive, response);
      return;
    }
    byte[] body = response.bytes() != null ? response.bytes() : encode(response);
    CharSequence contentType =
        response.contentType() != null ? response.contentType() : HttpHeaderValues.APPLICATION_JSON;
    FullHttpResponse out =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(), Unpooled.wrappedBuffer(body));
    out.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("X-Request-Id", requestId);
    if (response.status().code() == 401) {
      out.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"airlock\"");
    }
    HttpUtil.setKeepAlive(out, keepAlive);
    ctx.writeAndFlush(out);
  }

  /**
   * Sends the body as the response's stream writes it, in chunks, on this (store executor) thread,
   * the headers with the first chunk. A body failing before its first chunk (the query behind it
   * could not start) is answered with an error envelope instead. One failing later ends without its
   * last chunk: the connection is closed, so the client cannot take a truncated body for a
   * complete one.
   */
  private void stream(ChannelHandlerContext ctx, String requestId, boolean keepAlive, ApiResponse response) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType()).set("X-Request-Id", requestId);
    response.headers().forEach(head.headers()::set);
    HttpUtil.setTransferEncodingChunked(head, true);
    HttpUtil.setKeepAlive(head, keepAlive);
    ChunkedBodyOutput out =
        new ChunkedBodyOutput(ctx.channel(), head, STREAM_STALL_TIMEOUT, ForkJoinPool.commonPool());
    try {
      response.stream().writeTo(out);
      out.finish();
    } catch (ChunkedBodyOutput.ClientGoneException e) {
      log.info("request {}: response stopped: {}", requestId, e.getMessage());
      out.abort();
    } catch (IOException | RuntimeException e) {
      if (out.started()) {
        log.error("request {}: response failed midway, closing the connection: {}", requestId, e.toString());
        out.abort();
      } else {
        out.discard();
        write(ctx, requestId, keepAlive, failure(requestId, e));
      }
    } finally {
      out.close();
    }
  }

  /** The error envelope of a body that failed before it started. */
  private ApiResponse failure(String requestId, Exception e) {
    boolean unavailable = e instanceof StoreException s && s.kind() == StoreException.Kind.UNAVAILABLE;
    log.error("request {}: failed before its body started: {}", requestId, e.toString());
    return unavailable
        ? envelope.error(requestId, HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "database unavailable", null)
        : envelope.error(requestId, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
            "internal error (request " + requestId + ")", null);
  }

  private byte[] encode(ApiResponse response) {
    try {
      return json.writeValueAsBytes(response.body());
    } catch (JsonProcessingException e) {
      return "{\"error\":{\"code\":\"internal\",\"message\":\"cannot encode response\"}}".getBytes();
    }
  }
}
