package dev.airlock.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * The frames of one agent HTTP/2 stream before they become HTTP/1.1 objects. Netty's codec has
 * already refused what HPACK and RFC 9113 §8 forbid (pseudo-header errors, connection-specific
 * headers, {@code te} other than trailers, a body that contradicts its content-length); this adds
 * what matters once a stream is carried as HTTP/1.1: a header value with CR, LF or NUL resets the
 * stream (it could split a head upstream; Netty refuses it too), so does a request without
 * {@code :method}, {@code :scheme} or {@code :path}; a CONNECT stream is refused (no tunnels in
 * tunnels) unless it is an RFC 8441 WebSocket ({@code :protocol websocket}), which goes on as the
 * HTTP/1.1 upgrade the exchange already relays; and {@code :authority} is the one name of the target: a {@code host} header beside it
 * is dropped.
 * Each frame also feeds the stream's deadline, so a body that stops is answered 408.
 */
final class H2RequestGuard extends ChannelInboundHandlerAdapter {
  static final String CONNECT_NOT_SUPPORTED = "CONNECT_NOT_SUPPORTED";

  /** RFC 8441 §4: the protocol of an extended CONNECT. */
  static final String PROTOCOL = Http2Headers.PseudoHeaderName.PROTOCOL.value().toString();

  private final ConnectionDeadline deadline;
  private boolean refused;
  /** The stream is an RFC 8441 WebSocket request. */
  private boolean websocket;
  /** The WebSocket relay has taken the stream over. */
  private boolean relaying;
  /** Frames of a WebSocket stream that arrived before the relay took over. */
  private ArrayDeque<Object> held;

  H2RequestGuard(ConnectionDeadline deadline) {
    this.deadline = deadline;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    deadline.received();
    if (msg instanceof Http2HeadersFrame h) {
      Http2Headers headers = h.headers();
      if (!valuesAreSafe(headers)) {
        reset(ctx);
        return;
      }
      if (headers.method() == null || (!isConnect(headers) && (headers.path() == null || headers.scheme() == null))) {
        reset(ctx); // RFC 9113 §8.3.1: a request without :method, :scheme or :path is malformed
        return;
      }
      if (isConnect(headers) && headers.get(PROTOCOL) != null) {
        if (!HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(headers.get(PROTOCOL))) {
          // Other extended CONNECT protocols are refused below like any tunnel.
        } else if (headers.path() == null || headers.scheme() == null || headers.authority() == null) {
          reset(ctx); // RFC 8441 §4: an extended CONNECT names :scheme, :path and :authority
          return;
        } else {
          websocket = true;
          ctx.fireChannelRead(new DefaultHttp2HeadersFrame(asUpgrade(headers), true).stream(h.stream()));
          return;
        }
      }
      if (isConnect(headers)) {
        refused = true;
        answer(ctx, ProxyResponses.error(ctx.alloc(), HttpResponseStatus.NOT_IMPLEMENTED, CONNECT_NOT_SUPPORTED,
            "CONNECT inside an intercepted HTTP/2 connection is not supported through Airlock", null));
        return;
      }
      if (headers.authority() != null) {
        headers.remove(HttpHeaderNames.HOST);
      }
    } else if (websocket && !relaying) {
      if (held == null) {
        held = new ArrayDeque<>();
      }
      held.add(msg); // WebSocket frames sent before the answer wait for the relay
      ctx.channel().config().setAutoRead(false);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * An RFC 8441 WebSocket request as the HTTP/1.1 upgrade the exchange relays (RFC 6455 §4.1):
   * {@code GET} with {@code Upgrade}/{@code Connection}, a key of Airlock's own (the origin's answer
   * is checked against it: the agent never sees an Accept) and version 13. Its HEADERS end the
   * request as far as the exchange goes: what follows on the stream is WebSocket frames.
   */
  private static Http2Headers asUpgrade(Http2Headers headers) {
    headers.method(HttpMethod.GET.asciiName());
    headers.remove(PROTOCOL);
    headers.remove(HttpHeaderNames.HOST);
    headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    headers.set(HttpHeaderNames.SEC_WEBSOCKET_KEY, WebSocketHandshake.newKey());
    headers.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
    return headers;
  }

  /** The relay took over the stream: the frames held until now go on to it, in order. */
  void releaseHeld(ChannelHandlerContext ctx) {
    relaying = true;
    ArrayDeque<Object> h = held;
    held = null;
    if (h != null) {
      Object m;
      while ((m = h.poll()) != null) {
        ctx.fireChannelRead(m);
      }
    }
  }

  private void dropHeld() {
    ArrayDeque<Object> h = held;
    held = null;
    if (h != null) {
      h.forEach(ReferenceCountUtil::release);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    dropHeld();
  }

  /** A malformed request: RST_STREAM(PROTOCOL_ERROR), and nothing more of it is read. */
  private void reset(ChannelHandlerContext ctx) {
    refused = true;
    ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR)).addListener(f -> ctx.close());
  }

  private static boolean isConnect(Http2Headers headers) {
    return HttpMethod.CONNECT.asciiName().contentEquals(headers.method());
  }

  /**
   * RFC 9113 §8.2.1: no CR, LF or NUL anywhere in a field value. Netty's validating decoder refuses
   * them already; this keeps the guarantee where it matters (before a head is written as HTTP/1.1)
   * whatever the codec's settings.
   */
  static boolean valuesAreSafe(Http2Headers headers) {
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      CharSequence v = e.getValue();
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Answers the stream from here (its request is not read further) and ends it. */
  private static void answer(ChannelHandlerContext ctx, FullHttpResponse r) {
    Http2Headers h = HttpConversionUtil.toHttp2Headers(r, false);
    ctx.write(new DefaultHttp2HeadersFrame(h, false));
    ctx.writeAndFlush(new DefaultHttp2DataFrame(r.content(), true)).addListener(f -> ctx.close());
  }
}
