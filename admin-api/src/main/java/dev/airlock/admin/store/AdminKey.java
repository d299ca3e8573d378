package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A stored admin API key, without its secret (only the secret's hash is stored, and it never
 * leaves the repository).
 *
 * @param env the environment the key is limited to, or null when tenant-wide
 * @param lastUsedAt when the key last authenticated a request (updated at most once a minute per
 *     node), or null
 * @param revokedAt when the key was revoked, or null while it is valid
 */
public record AdminKey(String id, String name, Principal.Role role, String env, Instant createdAt,
    Instant lastUsedAt, Instant revokedAt) {
  public AdminKey {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(role, "role");
    requireNonNull(createdAt, "createdAt");
  }

  public boolean isTenantWide() {
    return env == null;
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }
}
