package dev.airlock.proxy.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Protocols Airlock does not relay on an HTTP/1.1 connection: an HTTP/2 connection preface
 * ({@code PRI * HTTP/2.0}, or any request line of a version other than 1.x: HTTP/2 is taken only as
 * negotiated in a tunnel, see {@link AgentAlpn} and {@link TunnelProtocolDetector}), any
 * {@code Upgrade} request other than a WebSocket handshake (h2c…) and transfer codings other than
 * chunked (RFC 9112 §6.1: 501), whose body would reach the upstream undecoded and unlabelled. They
 * are refused, never rewritten into a plain HTTP/1.1 request that would escape inspection. A
 * WebSocket handshake is told apart here, inside the one header check every request already pays,
 * and relayed ({@link WebSocketHandshake}).
 */
final class ProtocolSupport {
  /** The trace reason of every such refusal. */
  static final String PROTOCOL_NOT_SUPPORTED = "PROTOCOL_NOT_SUPPORTED";
  static final String HTTP2 = "HTTP2_NOT_SUPPORTED";
  static final String UPGRADE = "UPGRADE_NOT_SUPPORTED";
  static final String TRANSFER_CODING = "TRANSFER_CODING_NOT_SUPPORTED";
  /** Not a refusal: the request is a WebSocket handshake, relayed as one. */
  static final String WEBSOCKET = "WEBSOCKET";

  private ProtocolSupport() {}

  /**
   * The error code refusing {@code req}, {@link #WEBSOCKET} for a WebSocket handshake, or null for a
   * plain HTTP/1.x request (no allocation).
   */
  static String refusal(HttpRequest req) {
    if (req.protocolVersion().majorVersion() != 1 || "PRI".equals(req.method().name())) {
      return HTTP2;
    }
    if (req.headers().contains(HttpHeaderNames.UPGRADE)) {
      return WebSocketHandshake.isHandshake(req) ? WEBSOCKET : UPGRADE;
    }
    String te = req.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
    return te == null || HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(te) ? null : TRANSFER_CODING;
  }

  /** 505 for HTTP/2, 501 for an upgrade or a transfer coding, with an Airlock error body. */
  static FullHttpResponse response(ByteBufAllocator alloc, String code, String traceId) {
    return switch (code) {
      case HTTP2 -> ProxyResponses.error(alloc, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, code,
          "this connection speaks HTTP/1.1: HTTP/2 goes through Airlock inside a CONNECT tunnel, with ALPN h2"
              + " over TLS or h2c with prior knowledge in a plain tunnel", traceId);
      case UPGRADE -> ProxyResponses.error(alloc, HttpResponseStatus.NOT_IMPLEMENTED, code,
          "protocol upgrades other than WebSocket (h2c…) are not supported through Airlock", traceId);
      default -> ProxyResponses.error(alloc, HttpResponseStatus.NOT_IMPLEMENTED, code,
          "only the chunked transfer coding is supported: send the body chunked or with Content-Length", traceId);
    };
  }
}
