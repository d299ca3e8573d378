package dev.airlock.proxy.server;

import dev.airlock.proxy.inspect.BuiltinGuards;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Severity;
import dev.airlock.proxy.spi.AgentIdentity;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Handles a CONNECT: authenticates, checks the port and the destination, then either intercepts
 * (mints or reuses the host's certificate, answers 200 and lets {@link TunnelProtocolDetector}
 * pick TLS or plain HTTP) or, for passthrough hosts, relays bytes untouched.
 */
final class TunnelOpener {
  static final String PORT_NOT_ALLOWED = "PORT_NOT_ALLOWED";
  static final String TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS";
  private static final ToolCall HOST_CONNECT = ToolCall.of("host", "connect", Verb.READ);

  private final ProxyContext px;
  private final ChannelHandlerContext ctx;
  private final HttpRequest req;
  private final Class<? extends SocketChannel> channelClass;
  private Exchange ex;

  TunnelOpener(ProxyContext px, ChannelHandlerContext ctx, HttpRequest req,
      Class<? extends SocketChannel> channelClass) {
    this.px = px;
    this.ctx = ctx;
    this.req = req;
    this.channelClass = channelClass;
  }

  void open() {
    Target.HostPort hp = Target.parseHostPort(req.uri(), -1);
    if (hp == null) {
      close(ProxyResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, "BAD_CONNECT_TARGET",
          "CONNECT needs host:port, got \"" + req.uri() + "\"", null));
      return;
    }
    ProxyCredentials creds = ProxyCredentials.parse(req.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION)).orElse(null);
    ex = new Exchange(req, new Target(hp.host(), hp.port(), true), creds, ctx.alloc().compositeBuffer(1), 0, 0);
    ex.bodyComplete = true;
    if (creds == null) {
      if (req.headers().contains(HttpHeaderNames.PROXY_AUTHORIZATION)) {
        authRequired(AuthAttempts.Outcome.AUTH_FAILED, "Proxy-Authorization must be Basic base64(agent:key)");
      } else {
        authRequired(AuthAttempts.Outcome.AUTH_REQUIRED,
            "Proxy-Authorization: Basic credentials (agent:key) are required");
      }
      return;
    }
    LoopFutures.onLoop(px.agents().authenticate(creds.agent(), creds.key()), ctx.executor(),
        (Optional<AgentIdentity> id, Throwable e) -> {
          if (e != null) {
            ex.knownAgent = AuthAttempts.knownAgent(px.agents(), creds);
            ex.status = 503;
            ex.outcomeReason = Forwarder.AUTH_UNAVAILABLE;
            traceOnce();
            close(ProxyResponses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, Forwarder.AUTH_UNAVAILABLE,
                "agent credentials cannot be verified right now; retry shortly", ex.traceId));
            return;
          }
          if (id == null || id.isEmpty()) {
            authRequired(AuthAttempts.Outcome.AUTH_FAILED, "unknown agent or invalid key");
            return;
          }
          ex.identity = id.get();
          ex.authDone = true;
          if (!px.connectionLimit().admit(ctx.channel(), ex.identity.agentName())) {
            tooManyConnections();
            return;
          }
          checkDestination(creds);
        });
  }

  private void checkDestination(ProxyCredentials creds) {
    if (!px.config().allowedPorts().contains(ex.target.port())) {
      deny(PORT_NOT_ALLOWED, "CONNECT to port " + ex.target.port() + " is not allowed");
      return;
    }
    LoopFutures.onLoop(px.guard().check(ex.target.host(), ex.target.port()), ctx.executor(), (d, e) -> {
      if (e != null || d == null) {
        deny(DestinationGuard.UNRESOLVABLE, "cannot resolve " + ex.target.host());
        return;
      }
      ex.destination = d;
      if (d.denied()) {
        deny(d.deniedReason(), "destination " + ex.target.host() + " is not allowed (" + d.deniedReason() + ")");
      } else if (px.passthrough().matches(ex.target.host())) {
        passthrough(d);
      } else {
        intercept(creds, d);
      }
    });
  }

  private void intercept(ProxyCredentials creds, Destination d) {
    LoopFutures.onLoop(px.mitm().serverContext(ex.target.host()), ctx.executor(), (SslContext ssl, Throwable e) -> {
      if (e != null || ssl == null) {
        close(ProxyResponses.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR, "CERTIFICATE_ERROR",
            "cannot issue a certificate for " + ex.target.host(), null));
        return;
      }
      if (!ctx.channel().isActive()) {
        return;
      }
      ctx.writeAndFlush(established());
      ChannelPipeline p = ctx.pipeline();
      ConnectionDeadline deadline = p.get(ConnectionDeadline.class);
      if (deadline != null) {
        deadline.handshaking();
      }
      TunnelInfo info = new TunnelInfo(ex.target, d, creds);
      p.remove(ExchangeHandler.class);
      p.addLast("detect", new TunnelProtocolDetector(px, ssl, info, channelClass));
      p.remove("encoder");
      p.remove("decoder"); // hands any bytes already read to the detector
      ctx.channel().config().setAutoRead(true);
      ex.release();
    });
  }

  private void passthrough(Destination d) {
    AgentIdentity id = ex.identity;
    InspectedRequest r = new InspectedRequest("https", ex.target.host(), ex.target.port(), "CONNECT", "/", null,
        Map.of(), new byte[0], false, d.address() == null ? null : d.address().getAddress());
    Verdict v = px.decider().decide(r, new AgentContext(id.agentName(), id.env(), id.runtimeType(),
        AgentContext.NEUTRAL_TRUST, 0.0, id.scope()));
    ex.verdict = v;
    if (v.enforced() == Action.DENY || v.enforced() == Action.REQUIRE_APPROVAL) {
      String guard = BuiltinGuards.message(v.decision(), v.call(), ex.target.host(), id.scope());
      respondDecision(v, guard != null ? guard : "tunnel to " + ex.target.host() + " blocked by policy");
      return;
    }
    PassthroughRelay.open(px, ctx, d, channelClass, () -> {
      ex.status = 200;
      px.traces().accept(TraceFactory.of(px, ex, List.of("PASSTHROUGH")));
      ex.release();
      return established();
    }, cause -> close(ProxyResponses.error(ctx.alloc(), HttpResponseStatus.BAD_GATEWAY, "UPSTREAM_CONNECT_FAILED",
        "cannot connect to " + ex.target.authority() + ": " + cause.getMessage(), ex.traceId)));
  }

  private void deny(String reason, String message) {
    Decision d = Decision.guard(Action.DENY, reason, Severity.HIGH);
    respondDecision(new Verdict(HOST_CONNECT, d, Action.DENY, List.of(), List.of(), List.of(), null, null, 0), message);
  }

  private void respondDecision(Verdict v, String message) {
    ex.verdict = v;
    ex.status = 403;
    traceOnce();
    close(ProxyResponses.decision(ctx.alloc(), HttpResponseStatus.FORBIDDEN, v.decision(), v.call().tool(),
        v.call().operation(), ex.traceId, message));
  }

  private void tooManyConnections() {
    ex.status = 429;
    ex.outcomeReason = TOO_MANY_CONNECTIONS;
    traceOnce();
    close(ProxyResponses.error(ctx.alloc(), HttpResponseStatus.TOO_MANY_REQUESTS, TOO_MANY_CONNECTIONS,
        "agent " + ex.identity.agentName() + " already has " + px.config().limits().maxConnectionsPerAgent()
            + " open connections", ex.traceId));
  }

  /** 407: counted and traced per source by {@link AuthAttempts}, not traced one by one. */
  private void authRequired(AuthAttempts.Outcome outcome, String message) {
    ex.status = 407;
    ex.outcomeReason = outcome.name();
    ex.authOutcome = outcome;
    ex.finished = true;
    px.authAttempts().record(outcome, ctx.channel().remoteAddress(), ex, TraceFactory.storedPath(px, ex),
        ctx.executor());
    close(ProxyResponses.authRequired(ctx.alloc(), message));
  }

  private void traceOnce() {
    if (!ex.finished) {
      ex.finished = true;
      px.traces().accept(TraceFactory.of(px, ex, List.of()));
      ex.release();
    }
  }

  private void close(FullHttpResponse r) {
    if (ex != null) {
      ex.release();
    }
    r.headers().set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(r).addListener(f -> GracefulClose.close(ctx.channel()));
  }

  private static FullHttpResponse established() {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(200, "Connection established"),
        Unpooled.EMPTY_BUFFER);
  }
}
