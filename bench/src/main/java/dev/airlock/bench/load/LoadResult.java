package dev.airlock.bench.load;

import dev.airlock.bench.report.Histograms;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Latencies are in microseconds, for 2xx answers only.
 *
 * @param latencyMicros 2xx latencies (open loop: from the intended send time)
 * @param outcomes how the requests ended
 * @param elapsed from the first send to the last completion
 * @param firstConnectFailure why the first failed connection failed, null when none did
 */
public record LoadResult(Histogram latencyMicros, Outcomes outcomes, Duration elapsed, String firstConnectFailure) {

  public LoadResult(Histogram latencyMicros, Outcomes outcomes, Duration elapsed) {
    this(latencyMicros, outcomes, elapsed, null);
  }

  /** Runs that went on side by side as one: latencies and outcomes added, the longest elapsed time. */
  public static LoadResult together(List<LoadResult> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("parts: empty (expected: at least one run)");
    }
    Outcomes outcomes = Outcomes.NONE;
    Duration elapsed = Duration.ZERO;
    String failure = null;
    for (LoadResult r : parts) {
      failure = failure != null ? failure : r.firstConnectFailure();
      outcomes = outcomes.plus(r.outcomes());
      elapsed = elapsed.compareTo(r.elapsed()) >= 0 ? elapsed : r.elapsed();
    }
    return new LoadResult(Histograms.merge(parts.stream().map(LoadResult::latencyMicros).toList(),
        Worker.MAX_LATENCY_MICROS), outcomes, elapsed, failure);
  }

  public double rps() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : outcomes.ok() / seconds;
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
