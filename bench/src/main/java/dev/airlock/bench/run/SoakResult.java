package dev.airlock.bench.run;

import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.proc.MemorySample;
import java.util.List;

/**
 * One system under the soak's steady load.
 *
 * @param system "direct" or "airlock"
 * @param seconds how long the load ran
 * @param ratePerSecond the intended request rate
 * @param load latencies (from the intended send time) and outcomes of every stream together
 * @param samples the system's memory over time (none for direct)
 */
public record SoakResult(String system, double seconds, double ratePerSecond, LoadResult load, List<MemorySample> samples) {
  public SoakResult {
    samples = List.copyOf(samples);
  }
}
