package dev.airlock.proxy.risk;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One change of an agent's trust, as the history keeps it.
 *
 * @param env environment slug
 * @param agent agent name
 * @param time when it happened (the last of them when several were merged)
 * @param event what happened
 * @param delta how much the score moved (summed over merged events)
 * @param scoreAfter the score right after it
 * @param count how many events of this kind it stands for (consecutive ones are merged when stored)
 * @param traceId the trace of the request that caused it, or null
 * @param approvalId the approval decided, or null
 */
public record TrustChange(String env, String agent, Instant time, TrustEvent event, double delta,
    double scoreAfter, int count, String traceId, String approvalId) {
  public TrustChange {
    requireNonNull(env, "env");
    requireNonNull(agent, "agent");
    requireNonNull(time, "time");
    requireNonNull(event, "event");
    if (count < 1) {
      throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
    }
  }

  /** Whether {@code next} may be stored as part of this change: same agent and event, no approval. */
  boolean mergesWith(TrustChange next) {
    return approvalId == null && next.approvalId == null && event == next.event && env.equals(next.env)
        && agent.equals(next.agent);
  }

  TrustChange merge(TrustChange next) {
    return new TrustChange(env, agent, next.time, event, delta + next.delta, next.scoreAfter, count + next.count,
        next.traceId != null ? next.traceId : traceId, null);
  }
}
