package dev.airlock.proxy.spi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves agent credentials. Implementations must not block the caller: the proxy calls this on
 * an event loop and continues when the future completes.
 */
public interface AgentDirectory {
  /** The identity for this agent name and key, or empty when unknown, revoked, expired or wrong. */
  CompletableFuture<Optional<AgentIdentity>> authenticate(String agentName, String key);

  default boolean isKnownAgent(String agentName) { return false; }
}
