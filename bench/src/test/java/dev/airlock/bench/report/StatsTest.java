package dev.airlock.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void medianSkipsMissingValues() {
    assertThat(Stats.median(Arrays.asList(Double.NaN, 5.0, null, 7.0, 6.0))).isEqualTo(6.0);
    assertThat(Stats.median(List.of(Double.NaN))).isNaN();
    assertThat(Stats.median(List.of())).isNaN();
  }

  @Test
  void ratioOfZeroBaseIsMissing() {
    assertThat(Stats.ratio(50, 200)).isEqualTo(0.25);
    assertThat(Stats.ratio(50, 0)).isNaN();
    assertThat(Stats.ratio(Double.NaN, 3)).isNaN();
  }

  @Test
  void mergedHistogramHoldsEveryValue() {
    Histogram a = new Histogram(1_000_000, 3);
    Histogram b = new Histogram(1_000_000, 3);
    for (int i = 1; i <= 100; i++) {
      a.recordValue(i);
      b.recordValue(1000 + i);
    }

    Histogram merged = Histograms.merge(List.of(a, b), 1_000_000);

    assertThat(merged.getTotalCount()).isEqualTo(200);
    assertThat(merged.getMinValue()).isEqualTo(1);
    assertThat(merged.getValueAtPercentile(50)).isEqualTo(100);
    assertThat(merged.getMaxValue()).isBetween(1099L, 1101L);
  }
}
