package dev.airlock.bench.load;

/**
 * How the requests of one or more load runs ended. Every request lands in exactly one of the first
 * five counters.
 *
 * @param ok 2xx answers
 * @param non2xx complete answers with another status
 * @param connectFailures TCP connect, CONNECT tunnel or TLS handshake failures
 * @param timeouts requests with no complete answer within the timeout
 * @param resets connections closed while an answer was awaited
 * @param connectionsOpened connections that became usable (shows reconnects under keep-alive)
 */
public record Outcomes(long ok, long non2xx, long connectFailures, long timeouts, long resets, long connectionsOpened) {
  public static final Outcomes NONE = new Outcomes(0, 0, 0, 0, 0, 0);

  public long errors() {
    return non2xx + connectFailures + timeouts + resets;
  }

  public long completed() {
    return ok + errors();
  }

  public Outcomes plus(Outcomes o) {
    return new Outcomes(ok + o.ok, non2xx + o.non2xx, connectFailures + o.connectFailures, timeouts + o.timeouts,
        resets + o.resets, connectionsOpened + o.connectionsOpened);
  }

  /** The error counters as non-2xx/connect/timeout/reset. */
  public String errorBreakdown() {
    return non2xx + "/" + connectFailures + "/" + timeouts + "/" + resets;
  }
}
