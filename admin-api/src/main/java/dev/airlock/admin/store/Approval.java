package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.time.Instant;
import java.util.List;

/**
 * A request held for a human decision, as stored. No body: {@code bodySha256} identifies it.
 *
 * @param decidedBy the admin key id (or chat identity) that decided, or null
 */
public record Approval(String id, String env, String agent, String keyId, String tool, String operation, String host,
    String method, String path, String bodySha256, List<String> reasons, String ruleRef, String severity,
    String traceId, ApprovalStatus status, Instant requestedAt, Instant expiresAt, Instant decidedAt,
    String decidedBy, String decisionNote) {
  public Approval {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
  }

  /** What makes a later request the same request, for the grant window. */
  public ApprovalRequest.GrantKey grantKey() {
    return new ApprovalRequest.GrantKey(env, agent, tool, operation, host, bodySha256);
  }
}
