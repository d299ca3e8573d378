package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

/**
 * Who is asking.
 *
 * @param agent agent name
 * @param env environment slug
 * @param runtimeType langchain | crewai | openai_assistants | openclaw | custom
 * @param trust the agent's trust score, 0..1 (new agents start at 0.5)
 * @param scrutinyPin a multiplier pinned on this agent (by an incident), or 0 when none: then the
 *     environment's scrutiny multiplier applies
 * @param scope what the key used may do (ephemeral keys); {@link KeyScope#UNLIMITED} otherwise
 */
public record AgentContext(String agent, String env, String runtimeType, double trust, double scrutinyPin,
    KeyScope scope) {
  public static final double NEUTRAL_TRUST = 0.5;

  public AgentContext {
    requireNonNull(agent, "agent");
    requireNonNull(env, "env");
    runtimeType = runtimeType == null ? "custom" : runtimeType;
    if (!(trust >= 0.0 && trust <= 1.0)) {
      throw new IllegalArgumentException("trust: " + trust + " (expected: 0..1)");
    }
    scope = scope == null ? KeyScope.UNLIMITED : scope;
  }

  /** An agent with neutral trust, no pinned scrutiny and an unlimited key. */
  public AgentContext(String agent, String env, String runtimeType) {
    this(agent, env, runtimeType, NEUTRAL_TRUST, 0.0, KeyScope.UNLIMITED);
  }
}
