package dev.airlock.proxy.policy;

import java.time.Instant;

/**
 * What the data plane knows about a request beyond the request itself: when it was made and what
 * the agent's history and the threat feeds say about it. Gathered before the engine runs (from
 * memory only, never the database), so that {@link PolicyEngine#decide} stays pure.
 *
 * @param time when the request was decided; null when unknown (a replayed trace without it)
 * @param newDestination the agent has never written to this tool/host before
 * @param threatIntelFeed the name of the threat-intel feed that lists the destination, or null
 * @param burst the agent is sending far more requests than its usual rate
 * @param readThenWrite the request carries a sensitive value the agent read in a recent response
 */
public record Observations(Instant time, boolean newDestination, String threatIntelFeed, boolean burst,
    boolean readThenWrite) {

  /** Nothing observed: the facts of the request alone. */
  public static final Observations NONE = new Observations(null, false, null, false, false);

  public boolean threatIntel() {
    return threatIntelFeed != null;
  }

  public Observations withTime(Instant t) {
    return new Observations(t, newDestination, threatIntelFeed, burst, readThenWrite);
  }

  public Observations withNewDestination(boolean b) {
    return new Observations(time, b, threatIntelFeed, burst, readThenWrite);
  }

  public Observations withThreatIntelFeed(String feed) {
    return new Observations(time, newDestination, feed, burst, readThenWrite);
  }

  public Observations withBurst(boolean b) {
    return new Observations(time, newDestination, threatIntelFeed, b, readThenWrite);
  }

  public Observations withReadThenWrite(boolean b) {
    return new Observations(time, newDestination, threatIntelFeed, burst, b);
  }
}
