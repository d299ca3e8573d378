package dev.airlock.proxy.spi;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.policy.KeyScope;

/**
 * An authenticated agent key.
 *
 * @param agentId stable id of the agent
 * @param agentName agent name (the user part of Proxy-Authorization)
 * @param keyId id of the key used (never the key itself)
 * @param env environment slug the key belongs to
 * @param runtimeType agent runtime type
 * @param scope what the key may do: {@link KeyScope#UNLIMITED} for an agent key, operations, hosts
 *     and expiry for an ephemeral key
 */
public record AgentIdentity(String agentId, String agentName, String keyId, String env, String runtimeType,
    KeyScope scope) {
  /** An ordinary agent key, unlimited in scope. */
  public AgentIdentity(String agentId, String agentName, String keyId, String env, String runtimeType) {
    this(agentId, agentName, keyId, env, runtimeType, KeyScope.UNLIMITED);
  }

  public AgentIdentity {
    scope = scope == null ? KeyScope.UNLIMITED : scope;
    requireNonNull(agentId, "agentId");
    requireNonNull(agentName, "agentName");
    requireNonNull(keyId, "keyId");
    requireNonNull(env, "env");
  }
}
