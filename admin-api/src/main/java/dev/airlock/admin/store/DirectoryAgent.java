package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.policy.KeyScope;
import java.util.List;

/**
 * One agent as the in-memory directory holds it: what authentication needs, nothing more.
 *
 * @param keys the keys that may authenticate: not revoked, not expired when loaded, and none at
 *     all while the agent is suspended
 */
record DirectoryAgent(String id, String name, String env, String runtimeType, List<Key> keys) {
  DirectoryAgent {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(env, "env");
    keys = List.copyOf(keys);
  }

  /**
   * @param expiresAtMillis epoch millis after which the key stops working; {@link Long#MAX_VALUE}
   *     when it never expires
   * @param scope what the key may be used for: {@link KeyScope#UNLIMITED} for an agent key
   */
  record Key(String id, byte[] hash, long expiresAtMillis, KeyScope scope) {
    Key {
      requireNonNull(id, "id");
      requireNonNull(hash, "hash");
      scope = scope == null ? KeyScope.UNLIMITED : scope;
    }

    /** A key without scope. */
    Key(String id, byte[] hash, long expiresAtMillis) {
      this(id, hash, expiresAtMillis, KeyScope.UNLIMITED);
    }
  }
}
