package dev.airlock.proxy.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A request the policy holds for a human decision, as an approval records it: no body and no
 * secret, only the hash of the inspected body and the path with secrets already replaced.
 *
 * @param env environment slug
 * @param agent agent name
 * @param keyId the key the agent authenticated with, or null
 * @param tool tool name
 * @param operation operation name
 * @param host destination host
 * @param method HTTP method
 * @param path the path as traces keep it (secrets replaced)
 * @param bodySha256 lower-case hex SHA-256 of the inspected (decoded) body
 * @param reasons the decision's reason codes
 * @param ruleRef the rule that asked for approval, or null
 * @param severity the decision's severity
 * @param traceId the trace of the request that asked
 */
public record ApprovalRequest(String env, String agent, String keyId, String tool, String operation, String host,
    String method, String path, String bodySha256, List<String> reasons, String ruleRef, String severity,
    String traceId) {
  public ApprovalRequest {
    requireNonNull(env, "env");
    requireNonNull(agent, "agent");
    requireNonNull(tool, "tool");
    requireNonNull(operation, "operation");
    requireNonNull(host, "host");
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(bodySha256, "bodySha256");
    requireNonNull(severity, "severity");
    reasons = List.copyOf(reasons);
  }

  /** What makes two requests "the same request" for a grant: agent, tool, operation, host and body. */
  public GrantKey grantKey() {
    return new GrantKey(env, agent, tool, operation, host, bodySha256);
  }

  /** The identity of a request for the grant window. */
  public record GrantKey(String env, String agent, String tool, String operation, String host, String bodySha256) {
    public GrantKey {
      requireNonNull(env, "env");
      requireNonNull(agent, "agent");
      requireNonNull(tool, "tool");
      requireNonNull(operation, "operation");
      requireNonNull(host, "host");
      requireNonNull(bodySha256, "bodySha256");
    }
  }
}
