package dev.airlock.bench.load;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Latencies are in microseconds, for 2xx answers only.
 *
 * @param latencyMicros 2xx latencies (open loop: from the intended send time)
 * @param outcomes how the requests ended
 * @param elapsed from the first send to the last completion
 */
public record LoadResult(Histogram latencyMicros, Outcomes outcomes, Duration elapsed) {

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
