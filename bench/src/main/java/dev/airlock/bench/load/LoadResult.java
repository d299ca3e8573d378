package dev.airlock.bench.load;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Latencies are in microseconds, for 2xx answers only; every failure
 * lands in exactly one error counter.
 *
 * @param latencyMicros 2xx latencies (open loop: from the intended send time)
 * @param ok 2xx answers
 * @param non2xx complete answers with another status
 * @param connectFailures TCP connect, CONNECT tunnel or TLS handshake failures
 * @param timeouts requests with no complete answer within the timeout
 * @param resets connections closed while an answer was awaited
 * @param connectionsOpened connections that became usable (shows reconnects under keep-alive)
 * @param elapsed from the first send to the last completion
 */
public record LoadResult(
    Histogram latencyMicros,
    long ok,
    long non2xx,
    long connectFailures,
    long timeouts,
    long resets,
    long connectionsOpened,
    Duration elapsed) {

  public long errors() {
    return non2xx + connectFailures + timeouts + resets;
  }

  public long completed() {
    return ok + errors();
  }

  public double rps() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : ok / seconds;
  }

  public double p50Millis() {
    return percentileMillis(50);
  }

  public double p99Millis() {
    return percentileMillis(99);
  }

  public double percentileMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? Double.NaN
        : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }
}
