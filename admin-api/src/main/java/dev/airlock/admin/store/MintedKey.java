package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

/**
 * A key just created for an agent: its stored metadata and, this once, its secret.
 *
 * @param secret never stored; shown to the caller once
 */
public record MintedKey(AgentKey key, String secret) {
  public MintedKey {
    requireNonNull(key, "key");
    requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "MintedKey[key=" + key + ", secret=****]";
  }
}
