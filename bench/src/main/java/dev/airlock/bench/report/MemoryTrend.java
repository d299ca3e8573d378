package dev.airlock.bench.report;

import dev.airlock.bench.proc.MemorySample;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How one memory series moved over a soak: first, last and largest value, and the least-squares
 * slope over the second half (the first half holds the JIT, heap and cache growth every JVM goes
 * through after start; a leak keeps the line rising after it).
 *
 * @param what the series, for the report
 * @param secondHalfSamples samples from the middle one to the last, the fit's points
 * @param slopeBytesPerSecond the fitted slope over the second half (NaN with too few samples)
 * @param secondHalfGrowth how far the fitted line rises over the second half, relative to its value
 *     at the middle sample (0.03 = 3 %; NaN with too few samples)
 */
public record MemoryTrend(
    String what, long firstBytes, long lastBytes, long maxBytes, int secondHalfSamples,
    double slopeBytesPerSecond, double secondHalfGrowth) {

  /** Below this growth of the fitted line over the second half, memory counts as flat. */
  public static final double FLAT_GROWTH = 0.05;
  /** Fewer second-half samples than this give no verdict. */
  public static final int MIN_SAMPLES = 3;
  public static final String RULE = "flat when the least-squares line through the samples of the second half (from "
      + "the middle sample on, at least " + MIN_SAMPLES + ") rises by less than " + Math.round(FLAT_GROWTH * 100)
      + " % of its value at the middle sample over that half";

  /** The verdict on one series, or on several together. */
  public enum Verdict {
    YES, NO, UNDETERMINED;

    /** Yes only when every part is yes; undetermined when any part is. */
    public static Verdict all(List<Verdict> parts) {
      if (parts.isEmpty() || parts.contains(UNDETERMINED)) {
        return UNDETERMINED;
      }
      return parts.contains(NO) ? NO : YES;
    }

    public String word() {
      return this == UNDETERMINED ? "undetermined" : name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static MemoryTrend of(String what, List<MemorySample> samples, ToLongFunction<MemorySample> bytes) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("samples: none (expected: at least one)");
    }
    long max = samples.stream().mapToLong(bytes).max().orElseThrow();
    // By index, not by time: the sampler's few milliseconds of lateness must not drop the middle sample.
    List<MemorySample> half = samples.subList((samples.size() - 1) / 2, samples.size());
    double middle = half.get(0).seconds();
    double end = samples.get(samples.size() - 1).seconds();
    double slope = Double.NaN;
    double growth = Double.NaN;
    if (half.size() >= MIN_SAMPLES && end > middle) {
      LinearFit fit = LinearFit.of(half.stream().mapToDouble(MemorySample::seconds).toArray(),
          half.stream().mapToDouble(s -> bytes.applyAsLong(s)).toArray());
      slope = fit.slope();
      growth = slope * (end - middle) / fit.at(middle);
    }
    return new MemoryTrend(what, bytes.applyAsLong(samples.get(0)), bytes.applyAsLong(samples.get(samples.size() - 1)),
        max, half.size(), slope, growth);
  }

  public double slopeMibPerMinute() {
    return slopeBytesPerSecond * 60 / (1024.0 * 1024.0);
  }

  public Verdict flat() {
    if (secondHalfSamples < MIN_SAMPLES || Double.isNaN(secondHalfGrowth)) {
      return Verdict.UNDETERMINED;
    }
    return secondHalfGrowth < FLAT_GROWTH ? Verdict.YES : Verdict.NO;
  }
}
