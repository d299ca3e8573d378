package dev.airlock.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** Builds the same request (or WebSocket message) again and again; the body bytes are shared, never copied. */
final class RequestFactory implements AutoCloseable {
  private final Target target;
  private final Workload workload;
  private final boolean keepAlive;
  private final ByteBuf bytes;
  private final ByteBuf body;
  private final String uri;

  RequestFactory(Target target, Workload workload, boolean keepAlive) {
    this.target = target;
    this.workload = workload;
    this.keepAlive = keepAlive;
    this.bytes = Unpooled.directBuffer(workload.bodyBytes()).writeBytes(Filler.json(workload.bodyBytes()));
    // Writes release what they send; the shared bytes are released once, by close().
    this.body = Unpooled.unreleasableBuffer(bytes);
    this.uri =
        target.route() == Route.FORWARD
            ? "http://" + target.authority() + workload.path()
            : workload.path();
  }

  /** The workload's path (origin form). */
  String path() {
    return workload.path();
  }

  /** Sends the next request on {@code ch} the way the target's protocol wants. */
  void send(Channel ch, ResponseListener listener) {
    switch (target.protocol()) {
      case HTTP1 -> ch.writeAndFlush(next());
      case H2 -> H2Streams.send(ch, next(), listener);
      case WEBSOCKET -> ch.writeAndFlush(new TextWebSocketFrame(body.duplicate()));
    }
  }

  FullHttpRequest next() {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.valueOf(workload.method()), uri, body.duplicate());
    var headers = request.headers();
    headers.set(HttpHeaderNames.HOST, target.authority());
    headers.set(HttpHeaderNames.ACCEPT, "*/*");
    headers.set(HttpHeaderNames.USER_AGENT, "airlock-bench");
    if (workload.bodyBytes() > 0 || workload.method().equals("POST")) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, workload.bodyBytes());
    }
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    if (target.route() == Route.FORWARD && target.proxyAuthorization() != null) {
      headers.set(HttpHeaderNames.PROXY_AUTHORIZATION, target.proxyAuthorization());
    }
    return request;
  }

  @Override
  public void close() {
    bytes.release();
  }
}
