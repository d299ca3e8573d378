package dev.airlock.proxy.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;

/**
 * Relays the upstream response to the agent part by part as it arrives (streaming bodies such as
 * SSE are never buffered whole), with the agent's writability steering upstream reads, and turns
 * upstream failures into 502/504 answers while nothing has been sent yet.
 */
final class ResponseRelay {
  /** Outcome reason of an exchange whose response the upstream ended before its framing did. */
  static final String UPSTREAM_RESPONSE_INCOMPLETE = "UPSTREAM_RESPONSE_INCOMPLETE";

  private final ProxyContext px;
  private final UpstreamSender link;
  private final BiConsumer<ChannelHandlerContext, Exchange> complete;
  /** The exchange waiting for its response head, if any. */
  private Exchange awaiting;
  private long deadlineNanos;
  /**
   * At most one pending check per agent connection. A keep-alive request only moves the deadline;
   * when the check runs early it re-arms for the time left, so requests never schedule or cancel
   * a timer of their own.
   */
  private ScheduledFuture<?> responseTimer;

  ResponseRelay(ProxyContext px, UpstreamSender link, BiConsumer<ChannelHandlerContext, Exchange> complete) {
    this.px = px;
    this.link = link;
    this.complete = complete;
  }

  void start(ChannelHandlerContext ctx, Exchange ex) {
    ex.upstreamStartNanos = System.nanoTime();
    long timeout = px.config().timeouts().upstreamResponse().toNanos();
    awaiting = ex;
    deadlineNanos = ex.upstreamStartNanos + timeout;
    if (responseTimer == null) {
      arm(ctx, timeout);
    }
  }

  private void arm(ChannelHandlerContext ctx, long delayNanos) {
    responseTimer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check(ChannelHandlerContext ctx) {
    responseTimer = null;
    Exchange ex = awaiting;
    if (ex == null) {
      return;
    }
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      arm(ctx, left);
      return;
    }
    awaiting = null;
    if (!ex.finished && !ex.responseStarted) {
      link.abort();
      fail(ctx, ex, HttpResponseStatus.GATEWAY_TIMEOUT, "UPSTREAM_TIMEOUT", "upstream did not answer within "
          + px.config().timeouts().upstreamResponse().toMillis() + " ms");
    }
  }

  /** The exchange no longer waits for a response head (it arrived, or the exchange ended). */
  void stop(Exchange ex) {
    if (awaiting == ex) {
      awaiting = null;
    }
  }

  /** The agent connection is gone: drops the pending check. */
  void close() {
    awaiting = null;
    if (responseTimer != null) {
      responseTimer.cancel(false);
      responseTimer = null;
    }
  }

  UpstreamLink.Listener listenerFor(ChannelHandlerContext ctx, Exchange ex) {
    return new UpstreamLink.Listener() {
      @Override
      public void onResponse(HttpObject part) {
        if (ex.finished) {
          ReferenceCountUtil.release(part);
          return;
        }
        relay(ctx, ex, part);
      }

      @Override
      public void onUpstreamFailure(Throwable cause) {
        if (ex.finished) {
          return;
        }
        if (ex.responseStarted) {
          // Part of the response went out already: the agent can only learn it is cut short
          // from the connection closing, and the trace must not pass it off as complete.
          ex.outcomeReason = UPSTREAM_RESPONSE_INCOMPLETE;
          ex.closeAfter = true;
          ctx.close();
          complete.accept(ctx, ex);
          return;
        }
        failFor(ctx, ex, cause);
      }

      @Override
      public void onSwitchingProtocols(HttpResponse head, io.netty.channel.Channel upgraded) {
        if (ex.finished || !ex.websocket) {
          // Nothing here asked for an upgrade (the agent's Upgrade header is never forwarded otherwise).
          ReferenceCountUtil.release(head);
          upgraded.close();
          if (!ex.finished) {
            fail(ctx, ex, HttpResponseStatus.BAD_GATEWAY, "UPSTREAM_BAD_RESPONSE", "upstream "
                + ex.target.authority() + " switched protocols without being asked to");
          }
          return;
        }
        stop(ex);
        ex.upstreamMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ex.upstreamStartNanos);
        String invalid = ex.webSocketKey != null ? WebSocketHandshake.invalid(head, ex.webSocketKey)
            : WebSocketHandshake.invalid(head);
        if (invalid != null) {
          ReferenceCountUtil.release(head);
          upgraded.close();
          ex.closeAfter = true;
          fail(ctx, ex, HttpResponseStatus.BAD_GATEWAY, "UPSTREAM_BAD_RESPONSE", "upstream "
              + ex.target.authority() + " " + invalid);
          return;
        }
        ex.responseStarted = true;
        if (ex.webSocketKey != null) {
          ex.status = HttpResponseStatus.OK.code(); // what the agent's stream was answered
          HttpResponse ok = WebSocketHandshake.agentH2Response(head, ex.traceId);
          ReferenceCountUtil.release(head);
          WebSocketRelay.openH2(px, ctx, ex, ok, upgraded, () -> complete.accept(ctx, ex));
          return;
        }
        ex.status = HttpResponseStatus.SWITCHING_PROTOCOLS.code();
        FullHttpResponse out = WebSocketHandshake.agentResponse(head, ex.traceId);
        ReferenceCountUtil.release(head);
        WebSocketRelay.open(px, ctx, ex, out, upgraded, () -> complete.accept(ctx, ex));
      }
    };
  }

  private void relay(ChannelHandlerContext ctx, Exchange ex, HttpObject part) {
    if (part instanceof HttpResponse r) { // interim (1xx) responses never get here: UpstreamReader drops them
      stop(ex);
      ex.responseStarted = true;
      ex.status = r.status().code();
      ex.upstreamMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ex.upstreamStartNanos);
      ex.capture = bodyless(ex, r) ? null : ResponseCapture.open(px, ex, r);
      ctx.write(head(ex, r));
    }
    if (part instanceof HttpContent c) {
      ex.bytesOut += c.content().readableBytes();
      boolean last = part instanceof LastHttpContent;
      capture(ex, c, last);
      HttpContent out = part instanceof HttpResponse ? c.retainedDuplicate() : c;
      if (part instanceof HttpResponse) {
        ReferenceCountUtil.release(part);
      }
      ChannelFuture f = ctx.writeAndFlush(out);
      if (!ctx.channel().isWritable()) {
        link.setAutoRead(false);
      }
      if (last) {
        f.addListener(w -> complete.accept(ctx, ex));
      }
    } else if (!(part instanceof HttpResponse)) {
      ReferenceCountUtil.release(part);
    }
  }

  /** Hands a copy of the part to the response scanner (see {@link ResponseCapture}); never holds the buffer. */
  private static void capture(Exchange ex, HttpContent c, boolean last) {
    ResponseCapture capture = ex.capture;
    if (capture == null) {
      return;
    }
    capture.add(c.content());
    if (last) {
      ex.capture = null;
      capture.end();
    }
  }

  private HttpResponse head(Exchange ex, HttpResponse r) {
    // The decoded upstream head is ours alone: edit its headers in place rather than copying them.
    HttpResponse out = r instanceof HttpContent
        ? new DefaultHttpResponse(r.protocolVersion(), r.status(), r.headers().copy()) : r;
    boolean chunked = HttpUtil.isTransferEncodingChunked(r);
    boolean hasLength = r.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
    ForwardHeaders.prepare(out.headers());
    if (chunked) {
      HttpUtil.setTransferEncodingChunked(out, true);
    } else if (!hasLength && !bodyless(ex, r)) {
      ex.closeAfter = true; // the body ends when the upstream closes: so must ours
    }
    if (!ex.agentKeepAlive || px.stats().draining()) {
      ex.closeAfter = true;
    }
    if (ex.closeAfter) {
      out.headers().set(HttpHeaderNames.CONNECTION, "close");
    }
    out.headers().set(ProxyResponses.TRACE_HEADER, ex.traceId);
    return out;
  }

  private static boolean bodyless(Exchange ex, HttpResponse r) {
    int code = r.status().code();
    return ex.head.method() == HttpMethod.HEAD || code == 204 || code == 304;
  }

  private void failFor(ChannelHandlerContext ctx, Exchange ex, Throwable cause) {
    if (cause instanceof UpstreamConnectionsExhausted) {
      fail(ctx, ex, HttpResponseStatus.SERVICE_UNAVAILABLE, "UPSTREAM_CONNECTIONS_EXHAUSTED",
          "Airlock has as many upstream connections open as its file descriptors allow; retry shortly");
    } else if (cause instanceof ConnectTimeoutException) {
      fail(ctx, ex, HttpResponseStatus.GATEWAY_TIMEOUT, "UPSTREAM_CONNECT_TIMEOUT",
          "connecting to " + ex.target.authority() + " timed out");
    } else if (hasCause(cause, SSLException.class)) {
      fail(ctx, ex, HttpResponseStatus.BAD_GATEWAY, "UPSTREAM_TLS_ERROR",
          "TLS with " + ex.target.authority() + " failed: " + rootMessage(cause));
    } else if (cause instanceof ConnectException) {
      fail(ctx, ex, HttpResponseStatus.BAD_GATEWAY, "UPSTREAM_CONNECT_FAILED",
          "cannot connect to " + ex.target.authority() + ": " + rootMessage(cause));
    } else if (cause instanceof IOException || hasCause(cause, PrematureChannelClosureException.class)) {
      fail(ctx, ex, HttpResponseStatus.BAD_GATEWAY, "UPSTREAM_CLOSED", "upstream " + ex.target.authority()
          + " closed the connection before answering; the request may or may not have been processed");
    } else {
      fail(ctx, ex, HttpResponseStatus.BAD_GATEWAY, "UPSTREAM_BAD_RESPONSE",
          "upstream " + ex.target.authority() + " sent a response that cannot be read: " + rootMessage(cause));
    }
  }

  private void fail(ChannelHandlerContext ctx, Exchange ex, HttpResponseStatus status, String code, String message) {
    stop(ex);
    ex.status = status.code();
    ex.outcomeReason = code;
    FullHttpResponse r = ProxyResponses.error(ctx.alloc(), status, code, message, ex.traceId);
    if (!ex.agentKeepAlive) {
      ex.closeAfter = true;
    }
    if (ex.closeAfter) {
      r.headers().set(HttpHeaderNames.CONNECTION, "close");
    }
    ex.responseStarted = true;
    ctx.writeAndFlush(r).addListener(f -> complete.accept(ctx, ex));
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
