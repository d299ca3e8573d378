package dev.airlock.proxy.inspect;

import dev.airlock.proxy.policy.AgentContext;
import java.time.Instant;

/**
 * What a node knows about an agent beyond its key: its current trust and any scrutiny pinned on
 * it. Read from memory before each decision; never the database.
 */
public interface Standing {
  /** {@code agent} with its trust and pinned scrutiny as of {@code now}. */
  AgentContext of(AgentContext agent, Instant now);

  /** Leaves the agent as it is (neutral trust, no pin). */
  Standing NONE = (agent, now) -> agent;
}
