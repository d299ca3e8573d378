package dev.airlock.proxy.exfil;

import static java.util.Objects.requireNonNull;

/**
 * Who received a response and where it came from.
 *
 * @param env the agent's environment
 * @param agent the agent's name
 * @param tool the tool of the request the response answers
 * @param host the host that answered
 */
public record ResponseOrigin(String env, String agent, String tool, String host) {
  public ResponseOrigin {
    requireNonNull(env, "env");
    requireNonNull(agent, "agent");
    requireNonNull(tool, "tool");
    requireNonNull(host, "host");
  }

  /** The key the agent's reads are remembered under (agent names are unique per environment). */
  String agentKey() {
    return AgentKeys.of(env, agent);
  }
}
