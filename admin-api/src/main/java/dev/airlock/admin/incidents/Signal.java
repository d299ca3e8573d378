package dev.airlock.admin.incidents;

import java.time.Instant;

/**
 * One event of a trigger, seen in a trace.
 *
 * @param value the agent's trust the trace carried ({@code trust_drop}), else 0
 * @param previous the trust this node saw before ({@code trust_drop}; NaN when none), else 0
 */
record Signal(IncidentTrigger trigger, String env, String agent, String traceId, Instant traceTime, double value,
    double previous) {

  /** The agent and trigger the signal counts for. */
  Key key() {
    return new Key(env, agent, trigger);
  }

  record Key(String env, String agent, IncidentTrigger trigger) {
    /** A text naming the key, for an advisory lock. */
    String lockName() {
      return "incident\n" + env + "\n" + agent + "\n" + trigger.wireName();
    }
  }
}
