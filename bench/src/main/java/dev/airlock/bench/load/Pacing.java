package dev.airlock.bench.load;

import java.time.Duration;

/**
 * How fast and over how many connections.
 *
 * @param connections concurrent connections (closed loop: each has one request outstanding)
 * @param keepAlive reuse a connection for the next request; otherwise one connection per request
 * @param duration how long to keep issuing requests
 * @param requestLimit stop after this many requests were issued; 0 for no limit
 * @param ratePerSecond open loop at this fixed rate (latency from the intended send time); 0 for a
 *     closed loop
 * @param timeout per request, connection set-up included
 * @param rotate open loop: hand each due request to the connection that has been idle longest, so
 *     the load is spread over all connections; otherwise to the one idle most recently, which keeps
 *     as few connections busy as the rate allows
 */
public record Pacing(
    int connections,
    boolean keepAlive,
    Duration duration,
    long requestLimit,
    double ratePerSecond,
    Duration timeout,
    boolean rotate) {
  public Pacing(int connections, boolean keepAlive, Duration duration, long requestLimit, double ratePerSecond,
      Duration timeout) {
    this(connections, keepAlive, duration, requestLimit, ratePerSecond, timeout, false);
  }

  public Pacing {
    if (connections < 1) {
      throw new IllegalArgumentException("connections: " + connections + " (expected: >= 1)");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration: " + duration + " (expected: > 0)");
    }
    if (requestLimit < 0 || ratePerSecond < 0) {
      throw new IllegalArgumentException("requestLimit, ratePerSecond: expected >= 0");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
  }

  public static Pacing closedLoop(int connections, boolean keepAlive, Duration duration, Duration timeout) {
    return new Pacing(connections, keepAlive, duration, 0, 0, timeout);
  }

  /** Open loop at a fixed rate over every connection in turn (a steady background load). */
  public static Pacing rotating(int connections, boolean keepAlive, Duration duration, double ratePerSecond,
      Duration timeout) {
    return new Pacing(connections, keepAlive, duration, 0, ratePerSecond, timeout, true);
  }

  public boolean openLoop() {
    return ratePerSecond > 0;
  }
}
