package dev.airlock.proxy.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Protocols Airlock does not relay yet: an HTTP/2 connection preface ({@code PRI * HTTP/2.0}, or
 * any request line of a version other than 1.x) and any {@code Upgrade} request (WebSocket, h2c…).
 * They are refused, never rewritten into a plain HTTP/1.1 request that would escape inspection.
 */
final class ProtocolSupport {
  /** The trace reason of every such refusal. */
  static final String PROTOCOL_NOT_SUPPORTED = "PROTOCOL_NOT_SUPPORTED";
  static final String HTTP2 = "HTTP2_NOT_SUPPORTED";
  static final String UPGRADE = "UPGRADE_NOT_SUPPORTED";

  private ProtocolSupport() {}

  /** The error code refusing {@code req}, or null for a plain HTTP/1.x request (no allocation). */
  static String refusal(HttpRequest req) {
    if (req.protocolVersion().majorVersion() != 1 || "PRI".equals(req.method().name())) {
      return HTTP2;
    }
    return req.headers().contains(HttpHeaderNames.UPGRADE) ? UPGRADE : null;
  }

  /** 505 for HTTP/2, 501 for an upgrade, with an Airlock error body. */
  static FullHttpResponse response(ByteBufAllocator alloc, String code, String traceId) {
    return code.equals(HTTP2)
        ? ProxyResponses.error(alloc, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, code,
            "only HTTP/1.1 is relayed through Airlock (HTTP/2 is not supported yet)", traceId)
        : ProxyResponses.error(alloc, HttpResponseStatus.NOT_IMPLEMENTED, code,
            "protocol upgrades (WebSocket, h2c) are not supported through Airlock yet", traceId);
  }
}
