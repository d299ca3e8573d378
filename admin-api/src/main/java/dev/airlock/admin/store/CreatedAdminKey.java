package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

/** A new admin key together with its secret: the only moment the secret exists outside its holder. */
public record CreatedAdminKey(AdminKey key, String secret) {
  public CreatedAdminKey {
    requireNonNull(key, "key");
    requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "CreatedAdminKey[key=" + key + ", secret=****]";
  }
}
