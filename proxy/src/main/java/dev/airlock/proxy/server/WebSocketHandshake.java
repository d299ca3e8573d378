package dev.airlock.proxy.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The HTTP/1.1 WebSocket handshake (RFC 6455 §4) as it crosses Airlock: which requests are one,
 * which headers survive the hop-by-hop removal for them, and the {@code 101} relayed to the agent.
 * No extension is offered upstream: a compressed message (permessage-deflate) could not be read
 * frame by frame, so Airlock keeps every message plain.
 */
final class WebSocketHandshake {
  private WebSocketHandshake() {}

  /**
   * A {@code GET} over HTTP/1.1 with {@code Upgrade: websocket} and {@code upgrade} among the
   * tokens of {@code Connection}, compared case-insensitively.
   */
  static boolean isHandshake(HttpRequest req) {
    HttpHeaders h = req.headers();
    return req.method().equals(HttpMethod.GET) && req.protocolVersion().minorVersion() == 1
        && h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  /** Puts back the upgrade request's own hop-by-hop headers after the usual removal, without extensions. */
  static void keepUpgrade(HttpHeaders forwarded) {
    forwarded.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    forwarded.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    forwarded.remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
  }

  /**
   * Why the upstream's {@code 101} cannot be relayed (it switched to another protocol, or chose an
   * extension nobody offered), or null when it is a WebSocket acceptance.
   */
  static String invalid(HttpResponse upstream) {
    HttpHeaders h = upstream.headers();
    if (!h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      return "switched to a protocol other than websocket";
    }
    if (h.contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) {
      return "accepted a WebSocket extension that was not offered";
    }
    return null;
  }

  /** The {@code 101} for the agent: the upstream's headers less hop-by-hop ones, the upgrade kept, the trace id added. */
  static FullHttpResponse agentResponse(HttpResponse upstream, String traceId) {
    HttpHeaders headers = upstream.headers();
    ForwardHeaders.prepare(headers);
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    headers.set(ProxyResponses.TRACE_HEADER, traceId);
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
        Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
  }
}
