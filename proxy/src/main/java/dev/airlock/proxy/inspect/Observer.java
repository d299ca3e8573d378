package dev.airlock.proxy.inspect;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Observations;

/**
 * Adds what a node knows around one request (the agent's history, threat feeds, recent reads) to
 * its facts before the engine decides, and learns from the decision afterwards. Called on the
 * deciding thread (often an event loop): it reads and updates memory only, never the database or
 * the network, and returns at once.
 */
public interface Observer {
  /** What this observer adds to {@code observed} (returning it unchanged when it has nothing to add). */
  Observations observe(Observations observed, InspectedRequest request, Inspection inspection, AgentContext agent);

  /** Told the decision taken for a request it observed (e.g. to record a destination written to). */
  default void decided(InspectedRequest request, Inspection inspection, AgentContext agent, Decision decision,
      Observations observed) {}
}
