package dev.airlock.bench.run;

import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.proc.ResourceSample;

/**
 * One load run of one scenario against one system in one round.
 *
 * @param cpuSeconds CPU used by the system's processes during the run (0 for direct)
 * @param rssBytes their resident memory right after the run
 */
public record Measurement(
    int round,
    String scenario,
    String system,
    double seconds,
    double rps,
    double p50Millis,
    double p99Millis,
    Outcomes outcomes,
    double cpuSeconds,
    long rssBytes) {

  public static Measurement of(
      int round, String scenario, String system, LoadResult r, double cpuSeconds, ResourceSample after) {
    return new Measurement(
        round,
        scenario,
        system,
        r.elapsed().toNanos() / 1e9,
        r.rps(),
        r.p50Millis(),
        r.p99Millis(),
        r.outcomes(),
        cpuSeconds,
        after.rssBytes());
  }

  /** Answered requests per CPU-second the proxy spent; NaN when not sampled. */
  public double okPerCpuSecond() {
    return cpuSeconds > 0 ? outcomes.ok() / cpuSeconds : Double.NaN;
  }
}
