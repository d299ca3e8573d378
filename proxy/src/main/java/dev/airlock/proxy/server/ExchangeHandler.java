package dev.airlock.proxy.server;

import dev.airlock.proxy.spi.AgentIdentity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Reads agent requests one at a time from an agent connection — either plain proxy requests in
 * absolute form (and CONNECT), or the requests inside an established tunnel — authenticates them,
 * collects the body for inspection, and hands each complete request to the {@link Forwarder}.
 * Pipelined requests wait in a queue until the previous exchange has finished.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
  /** Bodies forwarded uninspected are still buffered; beyond this they are refused. */
  static final long MAX_UNINSPECTED_BODY = 64L * 1024 * 1024;

  private final ProxyContext px;
  private final TunnelInfo tunnel;
  private final Forwarder forwarder;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private final Class<? extends SocketChannel> channelClass;
  private Exchange current;
  private boolean discarding;
  private String sniHost;
  /** The connection's deadline, told of each request's start and end. */
  private ConnectionDeadline deadline;

  /** The handler of one HTTP/2 stream (one request) rather than of a whole connection. */
  private final boolean stream;

  ExchangeHandler(ProxyContext px, TunnelInfo tunnel, Class<? extends SocketChannel> channelClass) {
    this.px = px;
    this.tunnel = tunnel;
    this.channelClass = channelClass;
    this.stream = false;
    this.forwarder = new Forwarder(px, new UpstreamLink(px, channelClass, px.upstreamPool()), this::finished);
  }

  /**
   * For one HTTP/2 stream of an intercepted tunnel: its request arrives as HTTP/1.1 objects
   * (Netty's stream codec), the server name comes from the connection's handshake, and closing
   * the channel resets this stream only.
   */
  ExchangeHandler(ProxyContext px, TunnelInfo tunnel, Class<? extends SocketChannel> channelClass, String sniHost,
      UpstreamSender upstream) {
    this.px = px;
    this.tunnel = tunnel;
    this.channelClass = channelClass;
    this.sniHost = sniHost;
    this.stream = true;
    this.forwarder = new Forwarder(px, upstream, this::finished);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (discarding) {
      ReferenceCountUtil.release(msg); // the empty body of CONNECT; the tunnel takes over next
      return;
    }
    if (current != null) {
      if (msg instanceof HttpContent c && !current.bodyComplete) {
        if (c.decoderResult().isFailure()) {
          malformedBody(ctx, c);
        } else if (current.addContent(c)) {
          deadline.requestComplete();
          forwarder.proceedIfReady(ctx, current, sniHost, tunnel);
        }
      } else {
        // A pipelined request arrived while this exchange runs: hold it, and stop reading until
        // the exchange is over. Reading stays on otherwise, which spares two epoll_ctl calls per
        // request on a keep-alive connection.
        pending.add(msg);
        ctx.channel().config().setAutoRead(false);
      }
      return;
    }
    if (stream && msg instanceof FullHttpRequest full) {
      // A stream whose request is all in one HEADERS frame (or HEADERS + DATA held by the codec):
      // the head and its (empty) body go their usual ways.
      begin(ctx, new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers()));
      channelRead(ctx, new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
    } else if (msg instanceof HttpRequest req) {
      begin(ctx, req);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void begin(ChannelHandlerContext ctx, HttpRequest req) {
    px.stats().request();
    if (stream) {
      H2Headers.dropConversionHeaders(req.headers());
      if (req.headers().contains(HttpHeaderNames.UPGRADE)) {
        // Only H2RequestGuard puts an Upgrade on a stream (HTTP/2 forbids the agent's own): an RFC 8441
        // WebSocket, whose Connection header the stream codec drops as HTTP/2-illegal.
        req.headers().set(HttpHeaderNames.CONNECTION, io.netty.handler.codec.http.HttpHeaderValues.UPGRADE);
      }
    }
    if (req.decoderResult().isFailure()) {
      rejectMalformed(ctx, req);
      return;
    }
    if (req.headers().size() > px.config().limits().maxHeaderCount()) {
      ReferenceCountUtil.release(req);
      plainError(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "TOO_MANY_HEADERS",
          "more than " + px.config().limits().maxHeaderCount() + " request headers");
      return;
    }
    String unsupported = ProtocolSupport.refusal(req);
    boolean websocket = false;
    if (unsupported == ProtocolSupport.WEBSOCKET) {
      websocket = true;
      unsupported = null;
    }
    if (unsupported != null && tunnel == null && !req.uri().regionMatches(true, 0, "http://", 0, 7)) {
      ReferenceCountUtil.release(req); // no target to trace it against (e.g. a bare HTTP/2 preface)
      FullHttpResponse r = ProtocolSupport.response(ctx.alloc(), unsupported, null);
      r.headers().set(HttpHeaderNames.CONNECTION, "close");
      discarding = true;
      ctx.writeAndFlush(r).addListener(f -> GracefulClose.close(ctx.channel()));
      return;
    }
    if (tunnel == null && req.method() == HttpMethod.CONNECT) {
      deadline.settingUp();
      discarding = true;
      ctx.channel().config().setAutoRead(false);
      new TunnelOpener(px, ctx, req, channelClass).open();
      ReferenceCountUtil.release(req);
      return;
    }
    Target target = tunnel != null ? tunnel.target() : absoluteTarget(ctx, req);
    if (target == null) {
      ReferenceCountUtil.release(req);
      return;
    }
    ProxyCredentials creds = tunnel != null ? tunnel.credentials()
        : ProxyCredentials.parse(req.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION)).orElse(null);
    long hard = px.config().oversizePolicy() == dev.airlock.proxy.config.OversizePolicy.DENY
        ? px.config().inspectMaxBytes() : Math.max(px.config().inspectMaxBytes(), MAX_UNINSPECTED_BODY);
    Exchange ex = new Exchange(req, target, creds, ctx.alloc().compositeBuffer(1024), px.config().inspectMaxBytes(),
        hard);
    ex.unsupported = unsupported;
    ex.websocket = websocket;
    if (websocket && stream) {
      // Only H2RequestGuard writes an upgrade on a stream (HTTP/2 forbids the agent's own), with its key.
      ex.webSocketKey = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
      // The agent keeps its side of the stream open for frames: an answer other than the switch
      // (a refusal, the origin's 4xx) ends the stream from here. The relay clears this when it opens.
      ex.closeAfter = true;
    }
    ex.h2 = stream;
    current = ex;
    deadline.requestStarted();
    px.stats().exchangeStarted();
    if (creds == null) {
      boolean sent = req.headers().contains(HttpHeaderNames.PROXY_AUTHORIZATION);
      forwarder.authRequired(ctx, ex, sent ? AuthAttempts.Outcome.AUTH_FAILED : AuthAttempts.Outcome.AUTH_REQUIRED,
          sent ? "Proxy-Authorization must be Basic base64(agent:key)"
              : "Proxy-Authorization: Basic credentials (agent:key) are required");
      return;
    }
    authenticate(ctx, ex);
    if (tunnel != null) {
      ex.destination = tunnel.destination();
    } else {
      LoopFutures.onLoop(checkDestination(target), ctx.executor(), (d, e) -> {
        if (current != ex || ex.finished) {
          return;
        }
        ex.destination = d != null ? d : new Destination(target.host(), target.port(), null,
            DestinationGuard.UNRESOLVABLE);
        forwarder.proceedIfReady(ctx, ex, sniHost, tunnel);
      });
    }
  }

  private void authenticate(ChannelHandlerContext ctx, Exchange ex) {
    LoopFutures.onLoop(px.agents().authenticate(ex.credentials.agent(), ex.credentials.key()), ctx.executor(),
        (Optional<AgentIdentity> id, Throwable e) -> {
          if (current != ex || ex.finished) {
            return;
          }
          if (e != null) {
            ex.knownAgent = AuthAttempts.knownAgent(px.agents(), ex.credentials);
            forwarder.authUnavailable(ctx, ex);
            return;
          }
          if (id == null || id.isEmpty()) {
            forwarder.authRequired(ctx, ex, AuthAttempts.Outcome.AUTH_FAILED, "unknown agent or invalid key");
            return;
          }
          ex.identity = id.get();
          if (!px.connectionLimit().admit(connection(ctx), ex.identity.agentName())) {
            forwarder.tooManyConnections(ctx, ex);
            return;
          }
          ex.authDone = true;
          if (HttpUtil.is100ContinueExpected(ex.head) && !ex.bodyComplete) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
          }
          forwarder.proceedIfReady(ctx, ex, sniHost, tunnel);
        });
  }

  /**
   * The agent's connection: the connection an HTTP/2 stream belongs to, else the channel itself
   * (whose own parent is the listening socket, never the agent's connection).
   */
  private static Channel connection(ChannelHandlerContext ctx) {
    Channel ch = ctx.channel();
    return ch instanceof Http2StreamChannel stream ? stream.parent() : ch;
  }

  /** Ports outside allowed_ports are refused as for CONNECT, before any name is resolved. */
  private java.util.concurrent.CompletableFuture<Destination> checkDestination(Target target) {
    if (!px.config().allowedPorts().contains(target.port())) {
      return java.util.concurrent.CompletableFuture.completedFuture(
          new Destination(target.host(), target.port(), null, TunnelOpener.PORT_NOT_ALLOWED));
    }
    return px.guard().check(target.host(), target.port());
  }

  /** A body that breaks its framing (e.g. a bad chunk): 400, and nothing of the request is forwarded. */
  private void malformedBody(ChannelHandlerContext ctx, HttpContent c) {
    Throwable cause = c.decoderResult().cause();
    ReferenceCountUtil.release(c);
    deadline.requestComplete();
    forwarder.malformed(ctx, current, "malformed request body: " + (cause == null ? "bad framing"
        : cause.getClass().getSimpleName()));
  }

  private Target absoluteTarget(ChannelHandlerContext ctx, HttpRequest req) {
    String uri = req.uri();
    if (uri.regionMatches(true, 0, "http://", 0, 7)) {
      int slash = uri.indexOf('/', 7);
      String authority = slash < 0 ? uri.substring(7) : uri.substring(7, slash);
      int at = authority.lastIndexOf('@');
      Target.HostPort hp = Target.parseHostPort(at < 0 ? authority : authority.substring(at + 1), 80);
      if (hp != null) {
        return new Target(hp.host(), hp.port(), false);
      }
      plainError(ctx, HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "invalid host in request target");
      return null;
    }
    if (uri.regionMatches(true, 0, "https://", 0, 8)) {
      plainError(ctx, HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST",
          "https:// URLs go through CONNECT: set HTTPS_PROXY, not an absolute https request");
      return null;
    }
    plainError(ctx, HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST",
        "this is a forward proxy: send absolute-form http:// requests or CONNECT");
    return null;
  }

  private void rejectMalformed(ChannelHandlerContext ctx, HttpRequest req) {
    Throwable cause = req.decoderResult().cause();
    ReferenceCountUtil.release(req);
    if (cause instanceof TooLongHttpLineException) {
      plainError(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "URI_TOO_LONG", "request line too long");
    } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      plainError(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "HEADERS_TOO_LARGE",
          "request headers too large");
    } else if (cause instanceof AgentRequestDecoder.SmugglingException) {
      plainError(ctx, HttpResponseStatus.BAD_REQUEST, "AMBIGUOUS_FRAMING", cause.getMessage());
    } else {
      plainError(ctx, HttpResponseStatus.BAD_REQUEST, "MALFORMED_REQUEST",
          "malformed request: " + (cause == null ? "unknown" : cause.getMessage()));
    }
  }

  /** Answers with an Airlock error and closes: used before an exchange exists. */
  private void plainError(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
    FullHttpResponse r = ProxyResponses.error(ctx.alloc(), status, code, message, null);
    r.headers().set(HttpHeaderNames.CONNECTION, "close");
    discarding = true; // swallow whatever else arrives
    ctx.writeAndFlush(r).addListener(f -> GracefulClose.close(ctx.channel()));
  }

  /** Called by the forwarder when the current exchange is over. */
  private void finished(ChannelHandlerContext ctx, Exchange ex, boolean keepOpen) {
    if (current != ex) {
      return;
    }
    current = null;
    deadline.quiet(ex.authDone);
    if (!keepOpen || px.stats().draining()) {
      drainPending();
      discarding = true; // swallow whatever else arrives
      GracefulClose.close(ctx.channel());
      return;
    }
    // Feed pipelined messages: the next request head and as much of its body as already arrived.
    while (!pending.isEmpty()
        && (current == null || (!current.bodyComplete && pending.peek() instanceof HttpContent))) {
      channelRead(ctx, pending.poll());
    }
    if ((current == null || !current.bodyComplete) && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void drainPending() {
    Object o;
    while ((o = pending.poll()) != null) {
      ReferenceCountUtil.release(o);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    forwarder.agentWritable(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SniCompletionEvent sni && sni.isSuccess()) {
      sniHost = sni.hostname();
    } else if (evt instanceof SslHandshakeCompletionEvent hs) {
      if (hs.isSuccess()) {
        px.stats().clientHandshake();
        deadline.quiet(true); // the tunnel's CONNECT authenticated
      } else if (tunnel != null) {
        px.stats().clientTlsFailure(tunnel.target().host(), hs.cause());
        ctx.close();
      }
    } else if (evt instanceof ConnectionDeadline.Expired) {
      timedOut(ctx, evt);
    } else if (evt == ProxyServer.DRAIN && current == null && !discarding && deadline.resting()) {
      ctx.close(); // idle between requests while the node stops: nothing is cut
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void timedOut(ChannelHandlerContext ctx, Object evt) {
    if (evt == ConnectionDeadline.BODY_TIMEOUT && current != null && !current.bodyComplete) {
      forwarder.timeout(ctx, current); // a request started but its body stalled
    } else if (evt == ConnectionDeadline.HEAD_TIMEOUT && current == null && !discarding) {
      plainError(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "REQUEST_TIMEOUT",
          "the request head was not received in time");
    } else {
      ctx.close();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    deadline = ctx.pipeline().get(ConnectionDeadline.class);
    if (deadline == null) {
      // A pipeline without one (a handler under test) gets a private one that never runs.
      deadline = new ConnectionDeadline(px.config().timeouts());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    drainPending();
    Exchange ex = current;
    current = null;
    if (ex != null) {
      forwarder.agentGone(ex);
    }
    forwarder.close();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    drainPending();
    forwarder.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
