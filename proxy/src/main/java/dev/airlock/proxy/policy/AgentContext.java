package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

/**
 * Who is asking.
 *
 * @param agent agent name
 * @param env environment slug
 * @param runtimeType langchain | crewai | openai_assistants | openclaw | custom
 */
public record AgentContext(String agent, String env, String runtimeType) {
  public AgentContext {
    requireNonNull(agent, "agent");
    requireNonNull(env, "env");
    runtimeType = runtimeType == null ? "custom" : runtimeType;
  }
}
