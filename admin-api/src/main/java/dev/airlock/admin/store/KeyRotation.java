package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

/**
 * One side of a key rotation, as the audit log and the API see it.
 *
 * @param old the rotated key: before the rotation still active; after it revoked, or expiring at
 *     the end of its grace period
 * @param replacement the key minted in its place; null on the "before" side
 */
public record KeyRotation(AgentKey old, MintedKey replacement) {
  public KeyRotation {
    requireNonNull(old, "old");
  }
}
