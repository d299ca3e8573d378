package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

/**
 * A freshly created key or token: the only moment its secret exists outside its holder.
 *
 * @param id key id (safe to log)
 * @param secret the secret, to show once; never stored
 */
public record IssuedKey(String id, String secret) {
  public IssuedKey {
    requireNonNull(id, "id");
    requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "IssuedKey[id=" + id + ", secret=****]";
  }
}
