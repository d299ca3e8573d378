package dev.airlock.proxy.policy;

import java.util.Collection;

/** Skeleton of the engine API; replaced by the real engine. */
public final class PolicyEngine {
  /** Decides one request against the current snapshot of ctx.env(). Pure, no I/O. */
  public Decision decide(RequestFacts facts, AgentContext ctx) {
    throw new UnsupportedOperationException();
  }

  /**
   * Compiles the given environments and their applicable documents into a new snapshot and swaps
   * it in atomically. On PolicyException the previous snapshot stays in place.
   */
  public void install(Collection<EnvironmentSettings> envs, Collection<PolicyDocument> documents) {
    throw new UnsupportedOperationException();
  }

  /** Settings of an env in the current snapshot (defaults when unknown). */
  public EnvironmentSettings settings(String env) {
    throw new UnsupportedOperationException();
  }
}
