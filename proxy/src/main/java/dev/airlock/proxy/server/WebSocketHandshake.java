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
import io.netty.handler.codec.http.DefaultHttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HTTP/1.1 WebSocket handshake (RFC 6455 §4) as it crosses Airlock: which requests are one,
 * which headers survive the hop-by-hop removal for them, and the {@code 101} relayed to the agent.
 * No extension is offered upstream: a compressed message (permessage-deflate) could not be read
 * frame by frame, so Airlock keeps every message plain.
 */
final class WebSocketHandshake {
  /** RFC 6455 §1.3: appended to the key before hashing it into {@code Sec-WebSocket-Accept}. */
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebSocketHandshake() {}

  /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64. */
  static String newKey() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** The {@code Sec-WebSocket-Accept} an origin must answer to {@code key}. */
  static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  /**
   * For a handshake Airlock made itself (an agent's RFC 8441 extended CONNECT on HTTP/2, sent to
   * the origin as an HTTP/1.1 upgrade with {@code key}): why the origin's {@code 101} is no
   * acceptance of it, or null when it is.
   */
  static String invalid(HttpResponse upstream, String key) {
    String why = invalid(upstream);
    if (why != null) {
      return why;
    }
    String got = upstream.headers().get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
    return accept(key).equals(got) ? null : "answered the WebSocket handshake with a wrong Sec-WebSocket-Accept";
  }

  /**
   * The answer on the agent's HTTP/2 stream (RFC 8441 §5): {@code 200} with the origin's headers
   * less the hop-by-hop and HTTP/1.1 handshake ones (the chosen subprotocol stays), the trace id
   * added; the stream stays open for the frames.
   */
  static HttpResponse agentH2Response(HttpResponse upstream, String traceId) {
    HttpHeaders headers = upstream.headers();
    ForwardHeaders.prepare(headers);
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    headers.remove(HttpHeaderNames.UPGRADE);
    headers.remove(HttpHeaderNames.CONNECTION);
    headers.remove(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
    headers.set(ProxyResponses.TRACE_HEADER, traceId);
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers);
  }

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
