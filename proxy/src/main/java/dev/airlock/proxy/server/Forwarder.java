package dev.airlock.proxy.server;

import dev.airlock.proxy.config.OversizePolicy;
import dev.airlock.proxy.inspect.BuiltinGuards;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.grpc.GrpcFrames;
import dev.airlock.proxy.normalize.grpc.GrpcRequests;
import dev.airlock.proxy.normalize.mcp.McpNormalizer;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Severity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each complete request and acts on the verdict: answers DENY itself, holds
 * REQUIRE_APPROVAL for a decision ({@link ApprovalHold}), or forwards the (possibly redacted)
 * request upstream and relays the response.
 */
final class Forwarder {
  static final String BODY_TOO_LARGE = "BODY_TOO_LARGE_TO_INSPECT";
  static final String HOST_MISMATCH = "HOST_MISMATCH";
  static final String AUTH_UNAVAILABLE = "AUTH_UNAVAILABLE";
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";
  static final String INSPECTION_BUSY = "INSPECTION_BUSY";
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  interface Done {
    void finished(ChannelHandlerContext ctx, Exchange ex, boolean keepOpen);
  }

  private final ProxyContext px;
  private final UpstreamSender link;
  private final Done done;
  private final ResponseRelay relay;
  private final ApprovalHold approvals;

  Forwarder(ProxyContext px, UpstreamSender link, Done done) {
    this.px = px;
    this.link = link;
    this.done = done;
    this.relay = new ResponseRelay(px, link, this::complete);
    this.approvals = new ApprovalHold(px, new ApprovalHold.Continuation() {
      @Override
      public void forward(ChannelHandlerContext ctx, Exchange ex, Verdict allowed) {
        Forwarder.this.forward(ctx, ex, allowed);
      }

      @Override
      public void respond(ChannelHandlerContext ctx, Exchange ex, FullHttpResponse response) {
        Forwarder.this.respond(ctx, ex, response);
      }
    });
  }

  void proceedIfReady(ChannelHandlerContext ctx, Exchange ex, String sniHost, TunnelInfo tunnel) {
    if (!ex.readyToDecide() || ex.verdict != null || ex.deciding || ex.finished || ex.outcomeReason != null) {
      return;
    }
    try {
      decideAndAct(ctx, ex, sniHost, tunnel);
    } catch (RuntimeException e) {
      failed(ctx, ex, e);
    }
  }

  /**
   * An exception on the event loop (sometimes from a task, where nobody else would see it): the
   * exchange must still get an answer rather than hang until a timeout.
   */
  private void failed(ChannelHandlerContext ctx, Exchange ex, RuntimeException e) {
    // Class and place only: an exception's message may quote what the agent sent.
    LOG.warn("request to {} failed inside the proxy: {} at {}", ex.target.authority(), e.getClass().getName(),
        e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
    link.abort();
    if (!ex.finished && !ex.responseStarted) {
      closeWith(ctx, ex, INTERNAL_ERROR, ProxyResponses.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
          INTERNAL_ERROR, "Airlock failed to handle this request", ex.traceId));
    }
  }

  private void decideAndAct(ChannelHandlerContext ctx, Exchange ex, String sniHost, TunnelInfo tunnel) {
    if (ex.unsupported != null) {
      closeWith(ctx, ex, ProtocolSupport.PROTOCOL_NOT_SUPPORTED,
          ProtocolSupport.response(ctx.alloc(), ex.unsupported, ex.traceId));
      return;
    }
    if (tunnel == null) {
      // Absolute form: the request-target's authority is the destination (RFC 9112 §3.2.2). The
      // agent's Host header must not contradict it for the policy or the origin.
      ex.head.headers().set(HttpHeaderNames.HOST, ex.target.authority());
    }
    InspectedRequest req = inspected(ex);
    if (ex.destination.denied()) {
      refuse(ctx, ex, req, ex.destination.deniedReason(), HttpResponseStatus.FORBIDDEN,
          "destination " + ex.target.host() + " is not allowed (" + ex.destination.deniedReason() + ")");
      return;
    }
    String mismatch = tunnel == null ? null : hostMismatch(ex, sniHost);
    if (mismatch != null) {
      // On HTTP/2 the leaf serves the tunnel's host only: another authority is misdirected (RFC 9110 15.5.20).
      refuse(ctx, ex, req, HOST_MISMATCH, ex.h2 ? HttpResponseStatus.MISDIRECTED_REQUEST : HttpResponseStatus.FORBIDDEN,
          mismatch);
      return;
    }
    if (ex.tooLargeToForward || (ex.oversize && px.config().oversizePolicy() == OversizePolicy.DENY)) {
      ex.closeAfter = true;
      refuse(ctx, ex, req, BODY_TOO_LARGE, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, ex.uninspectableWhy != null
          ? ex.uninspectableWhy + ": the request cannot be inspected"
          : ex.undecodable
          ? "request body with Content-Encoding " + InspectionBody.codings(ex.head.headers())
              + " cannot be decoded for inspection within " + px.config().inspectMaxBytes() + " bytes"
          : "request body larger than " + px.config().inspectMaxBytes() + " bytes cannot be inspected");
      return;
    }
    AgentContext agent = new AgentContext(ex.identity.agentName(), ex.identity.env(), ex.identity.runtimeType(),
        AgentContext.NEUTRAL_TRUST, 0.0, ex.identity.scope());
    if (req.body().length >= InspectionWorkers.OFFLOAD_BYTES) {
      decideOnWorker(ctx, ex, req, agent);
      return;
    }
    act(ctx, ex, req, px.decider().decide(req, agent));
  }

  /**
   * Inspects a large request on a worker thread and acts on the verdict back on the connection's
   * event loop. The worker reads only the decoded copy of the body; if the agent goes away
   * meanwhile, the exchange is finished (its buffers released) and the verdict is dropped.
   */
  private void decideOnWorker(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, AgentContext agent) {
    ex.deciding = true;
    try {
      InspectionWorkers.execute(() -> {
        Verdict verdict = null;
        RuntimeException failure = null;
        try {
          verdict = px.decider().decide(req, agent);
        } catch (RuntimeException e) {
          failure = e;
        }
        Verdict v = verdict;
        RuntimeException f = failure;
        ctx.executor().execute(() -> {
          ex.deciding = false;
          if (ex.finished) {
            return;
          }
          try {
            if (f != null) {
              throw f;
            }
            act(ctx, ex, req, v);
          } catch (RuntimeException e) {
            failed(ctx, ex, e);
          }
        });
      });
    } catch (RejectedExecutionException e) {
      ex.deciding = false;
      FullHttpResponse busy = ProxyResponses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
          INSPECTION_BUSY, "Airlock is inspecting too many large requests; retry shortly", ex.traceId);
      busy.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
      closeWith(ctx, ex, INSPECTION_BUSY, busy);
    }
  }

  /** Acts on a verdict: on the connection's event loop. */
  private void act(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, Verdict v) {
    if (packNotFullyInspected(v.call())) {
      // The pushed files and messages could not all be read: the same guard as a body past the limit,
      // unless the part that was read is refused already (its reason tells the agent more).
      ex.oversize = true;
      if (px.config().oversizePolicy() == OversizePolicy.DENY && v.enforced() != Action.DENY) {
        refuse(ctx, ex, req, v.call(), BODY_TOO_LARGE, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "the files and commit messages of this git push cannot all be inspected (pack corrupt, or larger than"
                + " the inspection limits)");
        return;
      }
    }
    ex.verdict = v;
    switch (v.enforced()) {
      case DENY -> answerDecision(ctx, ex, req, HttpResponseStatus.FORBIDDEN, deniedMessage(v, req, ex));
      case REQUIRE_APPROVAL -> approvals.begin(ctx, ex, req, v);
      default -> forward(ctx, ex, v);
    }
  }

  /** A guard's own explanation, or what the policy blocked. */
  private static String deniedMessage(Verdict v, InspectedRequest req, Exchange ex) {
    String guard = BuiltinGuards.message(v.decision(), v.call(), req.host(), ex.identity.scope());
    return guard != null ? guard : blockedMessage(v);
  }

  /** What was blocked and, when findings decided it, what was found where (never a value). */
  static String blockedMessage(Verdict v) {
    String mcpMismatch = McpNormalizer.headerMismatch(v.call());
    if (mcpMismatch != null) {
      return "request blocked: " + mcpMismatch;
    }
    List<String> places = v.egressPlaces();
    if (places.isEmpty()) {
      return "request blocked by policy";
    }
    int shown = Math.min(places.size(), 3);
    String more = places.size() > shown ? " and " + (places.size() - shown) + " more" : "";
    return "request blocked by policy: found " + String.join(", ", places.subList(0, shown)) + more;
  }

  private static boolean packNotFullyInspected(ToolCall call) {
    GitPush push = call.gitPush();
    return push != null && !push.contentFullyInspected();
  }

  private InspectedRequest inspected(Exchange ex) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : ex.head.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("proxy-authorization")) {
        headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(h.getValue());
      }
    }
    byte[] body = null;
    if (!ex.oversize) {
      body = InspectionBody.decode(ex.body(), ex.head.headers(), px.config().inspectMaxBytes());
      if (body == null) {
        ex.oversize = true; // undecodable or expands past the limit: treat as uninspectable
        ex.undecodable = true;
      } else if (GrpcRequests.isGrpc(ex.head.method().name(), ex.head.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
        body = grpcMessages(ex, body);
      }
    }
    String uri = ex.head.uri();
    return new InspectedRequest(ex.target.scheme(), ex.target.host(), ex.target.port(), ex.head.method().name(),
        TraceFactory.pathOf(uri), TraceFactory.queryOf(uri), headers, body == null ? new byte[0] : body,
        body != null, ex.destination == null || ex.destination.address() == null ? null
            : ex.destination.address().getAddress());
  }

  /**
   * A gRPC body with every message decompressed. When it cannot be read as gRPC the exchange is
   * uninspectable ({@code oversize_policy} decides), and the body is still scanned as it came: a
   * gRPC content type on a body that is not gRPC must not switch inspection off.
   */
  private byte[] grpcMessages(Exchange ex, byte[] body) {
    GrpcFrames.Decoded decoded = GrpcFrames.decode(body, ex.head.headers().get(GrpcRequests.ENCODING_HEADER),
        px.config().inspectMaxBytes());
    if (decoded.body() == null) {
      ex.oversize = true;
      ex.uninspectableWhy = decoded.problem();
      return body;
    }
    return decoded.body();
  }

  private String hostMismatch(Exchange ex, String sniHost) {
    if (sniHost != null && !sniHost.equalsIgnoreCase(ex.target.host())) {
      return "TLS server name " + sniHost + " does not match the CONNECT target " + ex.target.host();
    }
    String host = ex.head.headers().get(HttpHeaderNames.HOST);
    if (host == null) {
      return null;
    }
    Target.HostPort hp = Target.parseHostPort(host.trim(), ex.target.port());
    if (hp == null || !hp.host().equals(ex.target.host()) || hp.port() != ex.target.port()) {
      return "Host " + host + " does not match the CONNECT target " + ex.target.authority();
    }
    return null;
  }

  /** A built-in guard refusal, taken before user rules and regardless of enforcement mode. */
  private void refuse(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, String reason,
      HttpResponseStatus status, String message) {
    refuse(ctx, ex, req, px.decider().normalize(req), reason, status, message);
  }

  private void refuse(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, ToolCall call, String reason,
      HttpResponseStatus status, String message) {
    Decision d = Decision.guard(Action.DENY, reason, Severity.HIGH);
    ex.verdict = new Verdict(call, d, Action.DENY, List.of(), List.of(), List.of(), null, null, 0);
    answerDecision(ctx, ex, req, status, message);
  }

  private void answerDecision(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, HttpResponseStatus status,
      String message) {
    Verdict v = ex.verdict;
    respond(ctx, ex, ProxyResponses.refusal(ctx.alloc(), status, v.decision(), v.call(), req, ex.traceId, message));
  }

  /** Answers the exchange with Airlock's own response; the connection stays open unless it must close. */
  private void respond(ChannelHandlerContext ctx, Exchange ex, FullHttpResponse r) {
    ex.status = r.status().code();
    if (!HttpUtil.isKeepAlive(ex.head)) {
      ex.closeAfter = true; // the agent asked to close (Connection: close, or HTTP/1.0 without keep-alive)
    }
    if (ex.closeAfter || px.stats().draining()) {
      r.headers().set(HttpHeaderNames.CONNECTION, "close");
    }
    ctx.writeAndFlush(r).addListener(f -> complete(ctx, ex));
  }

  private void forward(ChannelHandlerContext ctx, Exchange ex, Verdict v) {
    // The decoded head is ours alone and is not read again after this point, except for the
    // keep-alive choice, which is taken first: edit it in place rather than copying the headers.
    ex.agentKeepAlive = HttpUtil.isKeepAlive(ex.head);
    HttpHeaders headers = ex.head.headers();
    boolean hadBody = headers.contains(HttpHeaderNames.CONTENT_LENGTH)
        || headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
    // gRPC needs "te: trailers" end to end; an HTTP/2 upstream keeps it, an HTTP/1.1 one drops it.
    boolean teTrailers = ex.h2 && H2Headers.asksForTrailers(headers);
    ForwardHeaders.prepare(headers);
    if (teTrailers) {
      headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
    }
    if (ex.websocket) {
      WebSocketHandshake.keepUpgrade(headers);
    }
    headers.remove(HttpHeaderNames.EXPECT);
    ByteBuf body;
    if (v.redactedBody() != null) {
      body = Unpooled.wrappedBuffer(v.redactedBody());
      headers.remove(HttpHeaderNames.CONTENT_ENCODING);
    } else {
      body = ex.body().retainedDuplicate();
    }
    if (hadBody || body.isReadable()) {
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    }
    if (!headers.contains(HttpHeaderNames.HOST)) {
      headers.set(HttpHeaderNames.HOST, ex.target.authority());
    }
    FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, ex.head.method(),
        TraceFactory.originForm(ex.head.uri()), body, headers, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    relay.start(ctx, ex);
    link.send(ctx.channel().eventLoop(), ex.target, ex.destination.address(), out, relay.listenerFor(ctx, ex));
  }

  /** 407 and close: the client retries with credentials on a new connection. */
  void authRequired(ChannelHandlerContext ctx, Exchange ex, AuthAttempts.Outcome outcome, String message) {
    ex.authOutcome = outcome;
    px.authAttempts().record(outcome, ctx.channel().remoteAddress(), ex, TraceFactory.storedPath(px, ex),
        ctx.executor());
    closeWith(ctx, ex, outcome.name(), ProxyResponses.authRequired(ctx.alloc(), ex.head.method().name(),
        ex.head.headers().get(HttpHeaderNames.CONTENT_TYPE), message));
  }

  /** Credentials could not be checked (the store is unreachable): 503, never a false 407. */
  void authUnavailable(ChannelHandlerContext ctx, Exchange ex) {
    FullHttpResponse r = ProxyResponses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, AUTH_UNAVAILABLE,
        "agent credentials cannot be verified right now; retry shortly", ex.traceId);
    r.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
    closeWith(ctx, ex, AUTH_UNAVAILABLE, r);
  }

  /** The agent is over its connection cap: 429 and close. */
  void tooManyConnections(ChannelHandlerContext ctx, Exchange ex) {
    closeWith(ctx, ex, TunnelOpener.TOO_MANY_CONNECTIONS, ProxyResponses.error(ctx.alloc(),
        HttpResponseStatus.TOO_MANY_REQUESTS, TunnelOpener.TOO_MANY_CONNECTIONS,
        "too many open connections for agent " + ex.identity.agentName(), ex.traceId));
  }

  /** The agent stopped sending a request half way: 408 and close. */
  void timeout(ChannelHandlerContext ctx, Exchange ex) {
    closeWith(ctx, ex, "REQUEST_TIMEOUT", ProxyResponses.error(ctx.alloc(), HttpResponseStatus.REQUEST_TIMEOUT,
        "REQUEST_TIMEOUT", "the request was not received in time", ex.traceId));
  }

  /** The request body broke its framing: 400 and close; nothing of it has been forwarded. */
  void malformed(ChannelHandlerContext ctx, Exchange ex, String message) {
    if (ex.finished || ex.outcomeReason != null) {
      return; // already answered (e.g. refused credentials) while the body was still arriving
    }
    closeWith(ctx, ex, "MALFORMED_REQUEST", ProxyResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
        "MALFORMED_REQUEST", message, ex.traceId));
  }

  /** Answers an exchange that ends the connection (the rest of the request is not read). */
  private void closeWith(ChannelHandlerContext ctx, Exchange ex, String reason, FullHttpResponse r) {
    ex.closeAfter = true;
    ex.status = r.status().code();
    ex.outcomeReason = reason;
    ctx.channel().config().setAutoRead(false);
    r.headers().set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(r).addListener(f -> complete(ctx, ex));
  }

  void agentWritable(boolean writable) {
    link.setAutoRead(writable);
  }

  void agentGone(Exchange ex) {
    if (!ex.finished) {
      ex.closeAfter = true;
      finish(ex);
    }
  }

  void close() {
    relay.close();
    link.close();
  }

  private void complete(ChannelHandlerContext ctx, Exchange ex) {
    if (ex.finished) {
      return;
    }
    finish(ex);
    done.finished(ctx, ex, !ex.closeAfter);
  }

  private void finish(Exchange ex) {
    ex.finished = true;
    Runnable stopHolding = ex.stopHolding;
    if (stopHolding != null) {
      ex.stopHolding = null;
      stopHolding.run();
    }
    relay.stop(ex);
    List<String> extra = ex.oversize ? List.of(BODY_TOO_LARGE) : List.of();
    try {
      if (ex.authOutcome == null) {
        px.traces().accept(TraceFactory.of(px, ex, extra));
      }
    } finally {
      ex.release();
      px.stats().exchangeEnded();
    }
  }
}
