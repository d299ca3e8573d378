package dev.airlock.proxy.trace;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The record of one request's handling (proxy or scan). Holds no secret values: data classes are
 * detector ids only.
 *
 * @param id trace id (also sent to the agent as X-Airlock-Trace-Id)
 * @param time when the request arrived
 * @param env environment slug ("" when the agent was not authenticated)
 * @param agent agent name ("" when not authenticated)
 * @param keyId key id used, or null
 * @param tool tool name
 * @param operation operation name
 * @param verb READ/WRITE/ADMIN
 * @param method HTTP method
 * @param host destination host
 * @param path request path, secrets found in it replaced by [REDACTED:SECRETS]
 * @param status HTTP status returned to the agent (0 when the connection failed before one)
 * @param decision the engine's decision (ALLOW/SANITIZE/DENY/REQUIRE_APPROVAL)
 * @param enforcedAction what was actually done (differs from decision in monitor/alert mode)
 * @param reasons reason codes
 * @param ruleRef policy/rule of the matching rule, or null
 * @param riskScore 0..1
 * @param severity LOW..CRITICAL
 * @param dataClasses detector ids found as egress (e.g. SECRETS.aws_access_key), no values
 * @param boundDataClasses detector ids of credentials sent to their own issuer: recorded, not egress
 * @param bytesIn request body bytes received from the agent
 * @param bytesOut response body bytes sent to the agent
 * @param policyMicros time spent deciding
 * @param upstreamMillis time from upstream request to response headers (-1 when not contacted)
 * @param approvalId the approval this request asked for or went through on, or null
 * @param riskSignals every risk signal by wire name with the weight it contributed (0 when absent),
 *     plus raw_risk, trust and scrutiny_multiplier (riskScore is the effective risk computed from
 *     them); empty when the engine did not score the request. Read-only; not copied.
 */
public record Trace(
    String id,
    Instant time,
    String env,
    String agent,
    String keyId,
    String tool,
    String operation,
    String verb,
    String method,
    String host,
    String path,
    int status,
    String decision,
    String enforcedAction,
    List<String> reasons,
    String ruleRef,
    double riskScore,
    String severity,
    List<String> dataClasses,
    List<String> boundDataClasses,
    long bytesIn,
    long bytesOut,
    long policyMicros,
    long upstreamMillis,
    String approvalId,
    Map<String, Double> riskSignals) {

  /** A trace without risk signals. */
  public Trace(String id, Instant time, String env, String agent, String keyId, String tool, String operation,
      String verb, String method, String host, String path, int status, String decision, String enforcedAction,
      List<String> reasons, String ruleRef, double riskScore, String severity, List<String> dataClasses,
      List<String> boundDataClasses, long bytesIn, long bytesOut, long policyMicros, long upstreamMillis,
      String approvalId) {
    this(id, time, env, agent, keyId, tool, operation, verb, method, host, path, status, decision, enforcedAction,
        reasons, ruleRef, riskScore, severity, dataClasses, boundDataClasses, bytesIn, bytesOut, policyMicros,
        upstreamMillis, approvalId, Map.of());
  }

  public Trace {
    // Kept as given: the data plane hands over a read-only view that costs nothing to build.
    riskSignals = riskSignals == null ? Map.of() : riskSignals;
    reasons = List.copyOf(reasons);
    dataClasses = List.copyOf(dataClasses);
    boundDataClasses = List.copyOf(boundDataClasses);
  }

  /** A trace not linked to an approval. */
  public Trace(String id, Instant time, String env, String agent, String keyId, String tool, String operation,
      String verb, String method, String host, String path, int status, String decision, String enforcedAction,
      List<String> reasons, String ruleRef, double riskScore, String severity, List<String> dataClasses,
      List<String> boundDataClasses, long bytesIn, long bytesOut, long policyMicros, long upstreamMillis) {
    this(id, time, env, agent, keyId, tool, operation, verb, method, host, path, status, decision, enforcedAction,
        reasons, ruleRef, riskScore, severity, dataClasses, boundDataClasses, bytesIn, bytesOut, policyMicros,
        upstreamMillis, null);
  }
}
