package dev.airlock.proxy.server;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.config.OversizePolicy;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.grpc.GrpcFrames;
import dev.airlock.proxy.normalize.grpc.GrpcRequests;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Severity;
import dev.airlock.proxy.spi.AgentIdentity;
import dev.airlock.proxy.spi.ApprovalGate;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides a request described by an SDK-style agent instead of sent through the proxy: the same
 * checks in the same order as {@link Forwarder} (allowed ports and the destination guard, the
 * inspection limit and Content-Encoding decoding, passthrough hosts decided on the host alone, then
 * the node's own {@link RequestDecider}), and
 * exactly one trace through the same sink, marked {@link #SCAN_API} among its reasons. Nothing is
 * forwarded. A request that needs approval goes through on a recent grant for an identical request,
 * as through the proxy; otherwise an approval is recorded (never held: the agent asks again once a
 * human decided). Blocking (the destination guard may resolve a name): call it off event loops.
 */
public final class ScanService {
  /** Marks a trace written for a scan (the request was described, not sent through the proxy). */
  public static final String SCAN_API = "SCAN_API";
  private static final long RESOLVE_TIMEOUT_SECONDS = 10;

  /**
   * One request as described by the agent.
   *
   * @param scheme "http" or "https"
   * @param host destination host
   * @param port destination port
   * @param method HTTP method
   * @param pathAndQuery the request target in origin form ("/path?query")
   * @param headers header names and values as the agent would send them
   * @param body the body as it would be sent (Content-Encoding applied, if the headers say so)
   */
  public record Described(String scheme, String host, int port, String method, String pathAndQuery,
      Map<String, List<String>> headers, byte[] body) {
    public Described {
      requireNonNull(scheme, "scheme");
      requireNonNull(host, "host");
      requireNonNull(method, "method");
      requireNonNull(pathAndQuery, "pathAndQuery");
      requireNonNull(headers, "headers");
      requireNonNull(body, "body");
    }
  }

  /**
   * What was decided.
   *
   * @param verdict the verdict, as the proxy would act on it
   * @param traceId the id of the trace written for it
   * @param body the body as inspected (decoded), for the caller to fall back on when nothing was redacted
   */
  public record Result(Verdict verdict, String traceId, byte[] body, Approval approval) {
    /** A result that asked for no approval. */
    public Result(Verdict verdict, String traceId, byte[] body) {
      this(verdict, traceId, body, null);
    }
  }

  /**
   * The approval a REQUIRE_APPROVAL scan asked for or went through on.
   *
   * @param id the approval's id, or null when it could not be recorded
   * @param status "pending" (recorded now: retry once a human approved), "granted" (an identical
   *     request was approved within the grant window: the answer is ALLOW) or "unavailable" (the
   *     store could not record it: retry shortly)
   * @param retryAfterSeconds when to ask again, 0 when there is no need
   */
  public record Approval(String id, String status, int retryAfterSeconds) {}

  private final ProxyContext px;

  public ScanService(ProxyContext px) {
    this.px = requireNonNull(px, "px");
  }

  public Result scan(AgentIdentity identity, Described d) {
    Instant started = TraceIds.now();
    String traceId = TraceIds.at(started.toEpochMilli());
    Target target = new Target(d.host(), d.port(), d.scheme().equalsIgnoreCase("https"));
    boolean oversize = d.body().length > px.config().inspectMaxBytes();
    byte[] decoded = null;
    boolean undecodable = false;
    if (!oversize) {
      decoded = InspectionBody.decode(Unpooled.wrappedBuffer(d.body()), contentEncoding(d.headers()),
          px.config().inspectMaxBytes());
      oversize = undecodable = decoded == null;
      if (decoded != null && GrpcRequests.isGrpc(d.method(), header(d.headers(), "content-type"))) {
        GrpcFrames.Decoded messages = GrpcFrames.decode(decoded, header(d.headers(), GrpcRequests.ENCODING_HEADER),
            px.config().inspectMaxBytes());
        // Not readable as gRPC: uninspectable, and still scanned as it came (as the proxy does).
        oversize = messages.body() == null;
        decoded = oversize ? decoded : messages.body();
      }
    }
    Destination dest = destination(target);
    String denied = dest == null ? DestinationGuard.UNRESOLVABLE : dest.denied() ? dest.deniedReason() : null;
    InspectedRequest req = new InspectedRequest(d.scheme(), target.host(), d.port(), d.method(),
        TraceFactory.pathOf(d.pathAndQuery()), TraceFactory.queryOf(d.pathAndQuery()), headers(d, target),
        decoded == null ? new byte[0] : decoded, decoded != null, addressOf(dest));
    boolean passthrough = denied == null && target.tls() && px.passthrough().matches(target.host());
    Verdict v;
    if (denied != null) {
      v = guarded(req, denied);
    } else if (passthrough) {
      // Tunnelled without interception by the proxy: decided on the host alone, as TunnelOpener does.
      oversize = false;
      v = px.decider().decide(new InspectedRequest("https", target.host(), target.port(), "CONNECT", "/", null,
          Map.of(), new byte[0], false, addressOf(dest)), new AgentContext(identity.agentName(), identity.env(),
          identity.runtimeType(), AgentContext.NEUTRAL_TRUST, 0.0, identity.scope()));
    } else if (oversize && px.config().oversizePolicy() == OversizePolicy.DENY) {
      v = guarded(req, Forwarder.BODY_TOO_LARGE);
    } else {
      AgentContext agent = new AgentContext(identity.agentName(), identity.env(), identity.runtimeType(),
          AgentContext.NEUTRAL_TRUST, 0.0, identity.scope());
      v = px.decider().decide(req, agent);
    }
    List<String> reasons = new ArrayList<>(v.decision().reasons());
    if (oversize && !reasons.contains(Forwarder.BODY_TOO_LARGE)) {
      reasons.add(Forwarder.BODY_TOO_LARGE);
      v = new Verdict(v.call(), withReasons(v.decision(), reasons), v.enforced(), v.dataClasses(),
          v.boundDataClasses(), v.egressPlaces(), v.storedPath(), v.redactedBody(), v.policyMicros());
    }
    String storedPath = v.storedPath() != null ? v.storedPath() : px.decider().storedPath(target.host(), req.path());
    Approval approval = null;
    if (v.enforced() == Action.REQUIRE_APPROVAL) {
      // As the proxy: an identical request approved recently goes through; otherwise an approval is
      // recorded for a human. A described request is never held: the agent retries once approved.
      ApprovalRequest asked = new ApprovalRequest(identity.env(), identity.agentName(), identity.keyId(),
          v.call().tool(), v.call().operation(), target.host(), req.method(), storedPath,
          ApprovalHold.bodyHash(decoded != null ? decoded : d.body()), v.decision().reasons(),
          v.decision().ruleRef(), v.decision().severity().name(), traceId);
      approval = approve(asked);
      if ("granted".equals(approval.status())) {
        v = ApprovalHold.allowed(v, ApprovalHold.RECENT_APPROVAL_GRANT);
      } else if (approval.id() == null) {
        v = ApprovalHold.withOutcome(v, Action.REQUIRE_APPROVAL, ApprovalHold.APPROVAL_UNAVAILABLE);
      }
      reasons = new ArrayList<>(v.decision().reasons());
    }
    List<String> traced = new ArrayList<>(reasons);
    if (passthrough) {
      traced.add("PASSTHROUGH");
    }
    traced.add(SCAN_API);
    Decision dec = v.decision();
    px.traces().accept(new Trace(traceId, started, identity.env(), identity.agentName(), identity.keyId(),
        v.call().tool(), v.call().operation(), v.call().verb().name(), req.method(), target.host(), storedPath, 200,
        dec.action().name(), v.enforced().name(), traced, dec.ruleRef(), dec.riskScore(), dec.severity().name(),
        v.dataClasses(), v.boundDataClasses(), d.body().length, 0, v.policyMicros(), -1,
        approval != null ? approval.id() : null, dec.risk() != null ? dec.risk() : Map.of()));
    return new Result(v, traceId, undecodable ? d.body() : req.body(), approval);
  }

  /** A recent grant, else a newly recorded approval, else (the store is down) none. Blocking. */
  private Approval approve(ApprovalRequest asked) {
    ApprovalGate gate = px.approvals();
    java.util.Optional<String> grant = gate.recentGrant(asked);
    if (grant.isPresent()) {
      return new Approval(grant.get(), "granted", 0);
    }
    try {
      ApprovalGate.Pending pending = gate.open(asked).get(RESOLVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      pending.decided().cancel(false); // nobody waits for the decision here
      return new Approval(pending.id(), "pending", ApprovalHold.RETRY_AFTER_SECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return new Approval(null, "unavailable", 5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Approval(null, "unavailable", 5);
    }
  }

  private static Decision withReasons(Decision d, List<String> reasons) {
    return new Decision(d.action(), reasons, d.ruleRef(), d.severity(), d.riskScore(), d.redactClasses(), d.risk());
  }

  private Verdict guarded(InspectedRequest req, String reason) {
    return new Verdict(px.decider().normalize(req), Decision.guard(Action.DENY, reason, Severity.HIGH), Action.DENY,
        List.of(), List.of(), List.of(), null, null, 0);
  }

  /** The reason the proxy would refuse the destination with, or null: allowed ports, then the guard. */
  private static java.net.InetAddress addressOf(Destination dest) {
    return dest == null || dest.address() == null ? null : dest.address().getAddress();
  }

  /** The checked destination (its denial reason, if any, and the address it resolved to), or null when unresolvable. */
  private Destination destination(Target target) {
    if (!px.config().allowedPorts().contains(target.port())) {
      return new Destination(target.host(), target.port(), null, TunnelOpener.PORT_NOT_ALLOWED);
    }
    try {
      return px.guard().check(target.host(), target.port()).get(RESOLVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The first value of a header (name matched case-insensitively), or null. */
  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return h.getValue().get(0);
      }
    }
    return null;
  }

  private static String contentEncoding(Map<String, List<String>> headers) {
    List<String> all = new ArrayList<>();
    headers.forEach((name, values) -> {
      if (name.equalsIgnoreCase("content-encoding")) {
        all.addAll(values);
      }
    });
    return all.isEmpty() ? null : String.join(", ", all);
  }

  /** Lower-case names as the proxy sees them, without Proxy-Authorization, and Host set to the target. */
  private static Map<String, List<String>> headers(Described d, Target target) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    d.headers().forEach((name, values) -> {
      String n = name.toLowerCase(Locale.ROOT);
      if (!n.equals("proxy-authorization") && !n.equals("host")) {
        out.computeIfAbsent(n, k -> new ArrayList<>(values.size())).addAll(values);
      }
    });
    Map<String, List<String>> withHost = new LinkedHashMap<>();
    withHost.put("host", List.of(target.authority()));
    withHost.putAll(out);
    return withHost;
  }
}
