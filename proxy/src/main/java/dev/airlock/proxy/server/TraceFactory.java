package dev.airlock.proxy.server;

import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/** Turns a finished exchange into its one trace record. */
final class TraceFactory {
  private TraceFactory() {}

  static Trace of(ProxyContext px, Exchange ex, List<String> extraReasons) {
    String path = storedPath(px, ex);
    String env = ex.identity != null ? ex.identity.env() : "";
    // Nothing the client sent as a credential is kept unless it names an existing agent.
    String agent = ex.identity != null ? ex.identity.agentName() : ex.knownAgent != null ? ex.knownAgent : "";
    String keyId = ex.identity != null ? ex.identity.keyId() : null;
    Verdict v = ex.verdict;
    ToolCall call = v != null ? v.call() : null;
    Decision d = v != null ? v.decision() : null;
    List<String> reasons = new ArrayList<>(d != null ? d.reasons() : List.of());
    if (ex.outcomeReason != null && !reasons.contains(ex.outcomeReason)) {
      reasons.add(ex.outcomeReason);
    }
    for (String r : extraReasons) {
      if (!reasons.contains(r)) {
        reasons.add(r);
      }
    }
    return new Trace(
        ex.traceId, ex.started, env, agent, keyId,
        call != null ? call.tool() : ex.target.host(),
        call != null ? call.operation() : "http_" + ex.head.method().name().toLowerCase(java.util.Locale.ROOT),
        call != null ? call.verb().name() : "",
        ex.head.method().name(), ex.target.host(), path, ex.status,
        d != null ? d.action().name() : "DENY",
        v != null ? v.enforced().name() : "DENY",
        reasons,
        d != null ? d.ruleRef() : null,
        d != null ? d.riskScore() : 0.0,
        d != null ? d.severity().name() : "LOW",
        v != null ? v.dataClasses() : List.of(),
        v != null ? v.boundDataClasses() : List.of(),
        ex.bytesIn, ex.bytesOut,
        v != null ? v.policyMicros() : 0,
        ex.upstreamMillis,
        ex.approvalId, d != null && d.risk() != null ? d.risk() : java.util.Map.of());
  }

  /** The request's path as traces and logs keep it: with the secrets found in it replaced. */
  static String storedPath(ProxyContext px, Exchange ex) {
    Verdict v = ex.verdict;
    if (v != null && v.storedPath() != null) {
      return v.storedPath();
    }
    return px.decider().storedPath(ex.target.host(), pathOf(ex.head.uri()));
  }

  /** The path of an origin-form or absolute-form target, without the query. */
  static String pathOf(String uri) {
    String u = uri;
    if (u.regionMatches(true, 0, "http://", 0, 7) || u.regionMatches(true, 0, "https://", 0, 8)) {
      int slash = u.indexOf('/', u.indexOf("//") + 2);
      u = slash < 0 ? "/" : u.substring(slash);
    }
    int q = u.indexOf('?');
    String p = q < 0 ? u : u.substring(0, q);
    return p.isEmpty() ? "/" : p;
  }

  /** The query of a request target without '?', or null. */
  static String queryOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? null : uri.substring(q + 1);
  }

  /** The origin-form target ("/path?query") of an origin- or absolute-form target. */
  static String originForm(String uri) {
    if (uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8)) {
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      if (slash < 0) {
        int q = uri.indexOf('?');
        return q < 0 ? "/" : "/" + uri.substring(q);
      }
      return uri.substring(slash);
    }
    return uri.isEmpty() ? "/" : uri;
  }
}
