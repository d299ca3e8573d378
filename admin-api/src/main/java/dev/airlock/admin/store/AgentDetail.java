package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An agent with every key it has, oldest key first (revoked and expired ones included). */
public record AgentDetail(Agent agent, List<AgentKey> keys) {
  public AgentDetail {
    requireNonNull(agent, "agent");
    keys = List.copyOf(keys);
  }
}
