package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What is stored about an agent key besides its hash: enough to list, audit and rotate it, never
 * its secret.
 *
 * @param kind {@code agent} (long-lived) or {@code ephemeral} (short-lived, scoped)
 * @param lastUsedAt when the proxy last accepted it (written in batches), or null
 * @param expiresAt when it stops working by itself (ephemeral keys, or a rotated key's grace
 *     period), or null
 * @param revokedAt when it was revoked, or null
 * @param scopes ephemeral keys: the {@code tool.operation} patterns it may be used for (else empty)
 * @param hosts ephemeral keys: the hosts it may be used for (empty: any)
 */
public record AgentKey(
    String id,
    String agentId,
    String kind,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    Instant revokedAt,
    List<String> scopes,
    List<String> hosts) {
  public static final String ACTIVE = "active";
  public static final String EXPIRED = "expired";
  public static final String REVOKED = "revoked";
  public static final String EPHEMERAL = "ephemeral";

  public AgentKey {
    requireNonNull(id, "id");
    requireNonNull(agentId, "agentId");
    requireNonNull(kind, "kind");
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
  }

  /** A key without scope (a long-lived agent key). */
  public AgentKey(String id, String agentId, String kind, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
      Instant revokedAt) {
    this(id, agentId, kind, createdAt, lastUsedAt, expiresAt, revokedAt, List.of(), List.of());
  }

  public boolean isEphemeral() {
    return EPHEMERAL.equals(kind);
  }

  /** {@code revoked}, {@code expired} or {@code active}, as of {@code now}. */
  public String status(Instant now) {
    if (revokedAt != null) {
      return REVOKED;
    }
    return expiresAt != null && !expiresAt.isAfter(now) ? EXPIRED : ACTIVE;
  }
}
