package dev.airlock.proxy.risk;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A tool/host an agent has written to.
 *
 * @param env environment slug
 * @param agent agent name
 * @param tool tool name
 * @param host destination host
 * @param firstSeen when the first write to it was let through
 */
public record Destination(String env, String agent, String tool, String host, Instant firstSeen) {
  public Destination {
    requireNonNull(env, "env");
    requireNonNull(agent, "agent");
    requireNonNull(tool, "tool");
    requireNonNull(host, "host");
    requireNonNull(firstSeen, "firstSeen");
  }
}
