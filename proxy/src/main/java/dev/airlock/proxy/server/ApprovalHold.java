package dev.airlock.proxy.server;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.spi.ApprovalGate;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request the policy holds for a human decision. An identical request approved within the grant
 * window goes through at once; otherwise an approval is recorded and the exchange waits for its
 * decision up to the environment's hold, with no thread blocked: the decision or the hold's timer
 * continues it on the connection's event loop. Approved → forwarded; denied → 403 DENY; still
 * pending → 403 naming the approval, to be retried once approved.
 */
final class ApprovalHold {
  static final String APPROVED = "APPROVED";
  static final String RECENT_APPROVAL_GRANT = "RECENT_APPROVAL_GRANT";
  static final String APPROVAL_DENIED = "APPROVAL_DENIED";
  static final String APPROVAL_EXPIRED = "APPROVAL_EXPIRED";
  static final String APPROVAL_UNAVAILABLE = "APPROVAL_UNAVAILABLE";
  /** When an agent told "pending" should try again: long enough for a human to have looked. */
  static final int RETRY_AFTER_SECONDS = 30;

  /** What the forwarder does once the hold is over. */
  interface Continuation {
    void forward(ChannelHandlerContext ctx, Exchange ex, Verdict allowed);

    void respond(ChannelHandlerContext ctx, Exchange ex, FullHttpResponse response);
  }

  private final ProxyContext px;
  private final Continuation next;

  ApprovalHold(ProxyContext px, Continuation next) {
    this.px = px;
    this.next = next;
  }

  /** On the event loop, for a verdict whose enforced action is REQUIRE_APPROVAL. */
  void begin(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, Verdict v) {
    ApprovalRequest asked = request(ex, req, v);
    ApprovalGate gate = px.approvals();
    Optional<String> grant = gate.recentGrant(asked);
    if (grant.isPresent()) {
      ex.approvalId = grant.get();
      ex.verdict = allowed(v, RECENT_APPROVAL_GRANT);
      next.forward(ctx, ex, ex.verdict);
      return;
    }
    CompletableFuture<ApprovalGate.Pending> opened;
    try {
      opened = gate.open(asked);
    } catch (RuntimeException e) {
      opened = CompletableFuture.failedFuture(e);
    }
    LoopFutures.onLoop(opened, ctx.executor(), (pending, failure) -> {
      if (ex.finished) {
        if (pending != null) {
          pending.decided().cancel(false);
        }
        return;
      }
      if (failure != null || pending == null) {
        unavailable(ctx, ex);
        return;
      }
      ex.approvalId = pending.id();
      hold(ctx, ex, req, v, pending);
    });
  }

  private void hold(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, Verdict v,
      ApprovalGate.Pending pending) {
    int seconds = px.decider().approvalHoldSeconds(ex.identity.env());
    CompletableFuture<ApprovalStatus> decided = pending.decided();
    // The hold ends by cancelling the wait: the callback below then answers "pending".
    ScheduledFuture<?> timer = seconds > 0 && !decided.isDone()
        ? ctx.executor().schedule(() -> decided.cancel(false), seconds, TimeUnit.SECONDS) : null;
    if (timer == null) {
      decided.cancel(false);
    }
    ex.stopHolding = () -> {
      if (timer != null) {
        timer.cancel(false);
      }
      decided.cancel(false);
    };
    LoopFutures.onLoop(decided, ctx.executor(), (status, failure) -> {
      ex.stopHolding = null;
      if (timer != null) {
        timer.cancel(false);
      }
      if (ex.finished) {
        return; // the agent went away while held
      }
      ApprovalStatus s = failure != null || status == null ? ApprovalStatus.PENDING : status;
      switch (s) {
        case APPROVED -> {
          ex.verdict = allowed(v, APPROVED);
          next.forward(ctx, ex, ex.verdict);
        }
        case DENIED -> denied(ctx, ex, req, v);
        case EXPIRED -> stillNeeded(ctx, ex, req, v, "expired", APPROVAL_EXPIRED,
            "approval " + ex.approvalId + " expired without a decision (a retry asks again)");
        default -> stillNeeded(ctx, ex, req, v, "pending", null,
            "approval " + ex.approvalId + " is pending (retry in " + RETRY_AFTER_SECONDS + " s)");
      }
    });
  }

  private void denied(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, Verdict v) {
    ex.verdict = withOutcome(v, Action.DENY, APPROVAL_DENIED);
    Decision d = v.decision();
    Decision shown = new Decision(Action.DENY, List.of(APPROVAL_DENIED), d.ruleRef(), d.severity(), d.riskScore(),
        java.util.Set.of());
    next.respond(ctx, ex, ProxyResponses.refusal(ctx.alloc(), HttpResponseStatus.FORBIDDEN, shown, v.call(), req,
        ex.traceId, "a human denied approval " + ex.approvalId,
        new DenialBody.ApprovalInfo(ex.approvalId, "denied", 0)));
  }

  private void stillNeeded(ChannelHandlerContext ctx, Exchange ex, InspectedRequest req, Verdict v, String status,
      String reason, String message) {
    if (reason != null) {
      ex.verdict = withOutcome(v, Action.REQUIRE_APPROVAL, reason);
    }
    next.respond(ctx, ex, ProxyResponses.refusal(ctx.alloc(), HttpResponseStatus.FORBIDDEN, v.decision(), v.call(),
        req, ex.traceId, message, new DenialBody.ApprovalInfo(ex.approvalId, status, RETRY_AFTER_SECONDS)));
  }

  /** The approval cannot be recorded (the store is down): 503, never a request let through. */
  private void unavailable(ChannelHandlerContext ctx, Exchange ex) {
    ex.outcomeReason = APPROVAL_UNAVAILABLE;
    FullHttpResponse r = ProxyResponses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
        APPROVAL_UNAVAILABLE, "this request needs human approval, and the approval cannot be recorded right now;"
            + " retry shortly", ex.traceId);
    r.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
    next.respond(ctx, ex, r);
  }

  static Verdict allowed(Verdict v, String reason) {
    return withOutcome(v, Action.ALLOW, reason);
  }

  /** The engine's decision with {@code reason} added, and what was done instead. */
  static Verdict withOutcome(Verdict v, Action enforced, String reason) {
    Decision d = v.decision();
    List<String> reasons = new ArrayList<>(d.reasons());
    reasons.add(reason);
    Decision traced = new Decision(d.action(), reasons, d.ruleRef(), d.severity(), d.riskScore(), d.redactClasses(),
        d.risk());
    return new Verdict(v.call(), traced, enforced, v.dataClasses(), v.boundDataClasses(), v.egressPlaces(),
        v.storedPath(), v.redactedBody(), v.policyMicros());
  }

  private ApprovalRequest request(Exchange ex, InspectedRequest req, Verdict v) {
    Decision d = v.decision();
    String path = v.storedPath() != null ? v.storedPath() : TraceFactory.storedPath(px, ex);
    return new ApprovalRequest(ex.identity.env(), ex.identity.agentName(), ex.identity.keyId(), v.call().tool(),
        v.call().operation(), ex.target.host(), ex.head.method().name(), path, bodyHash(ex, req), d.reasons(),
        d.ruleRef(), d.severity().name(), ex.traceId);
  }

  /** SHA-256 of the inspected body; of the bytes as sent when they were not inspected. */
  private static String bodyHash(Exchange ex, InspectedRequest req) {
    MessageDigest sha = sha256();
    if (req.bodyInspected()) {
      sha.update(req.body());
    } else {
      ByteBuf raw = ex.body();
      for (ByteBuffer b : raw.nioBuffers(raw.readerIndex(), raw.readableBytes())) {
        sha.update(b);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** SHA-256 of {@code body}, hex: what approvals match identical requests on. */
  static String bodyHash(byte[] body) {
    return HexFormat.of().formatHex(sha256().digest(body));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
