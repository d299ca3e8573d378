package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

/** A new agent together with its first key. */
public record CreatedAgent(Agent agent, IssuedKey key) {
  public CreatedAgent {
    requireNonNull(agent, "agent");
    requireNonNull(key, "key");
  }
}
