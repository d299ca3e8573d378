package dev.airlock.proxy.spi;

import static java.util.Objects.requireNonNull;

/**
 * An authenticated agent key.
 *
 * @param agentId stable id of the agent
 * @param agentName agent name (the user part of Proxy-Authorization)
 * @param keyId id of the key used (never the key itself)
 * @param env environment slug the key belongs to
 * @param runtimeType agent runtime type
 */
public record AgentIdentity(String agentId, String agentName, String keyId, String env, String runtimeType) {
  public AgentIdentity {
    requireNonNull(agentId, "agentId");
    requireNonNull(agentName, "agentName");
    requireNonNull(keyId, "keyId");
    requireNonNull(env, "env");
  }
}
