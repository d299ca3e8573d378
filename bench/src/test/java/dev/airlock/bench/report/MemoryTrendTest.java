package dev.airlock.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airlock.bench.proc.MemorySample;
import dev.airlock.bench.report.MemoryTrend.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class MemoryTrendTest {
  static final long MIB = 1024 * 1024;

  /**
   * Samples every 10 s over 600 s with the JVM's RSS given in MiB by the function of time; the tree
   * adds 300 MiB of summed RSS, 150 MiB of PSS of which 50 MiB shared.
   */
  static List<MemorySample> series(DoubleUnaryOperator mibAt) {
    List<MemorySample> samples = new ArrayList<>();
    for (int t = 0; t <= 600; t += 10) {
      long jvm = Math.round(mibAt.applyAsDouble(t) * MIB);
      samples.add(new MemorySample(t, jvm + 300 * MIB, jvm + 150 * MIB, 50 * MIB, jvm, 100, t / 10.0));
    }
    return samples;
  }

  static MemorySample flat(double seconds, long jvmBytes) {
    return new MemorySample(seconds, 2 * jvmBytes, 2 * jvmBytes, 0, jvmBytes, 0, 0);
  }

  static MemoryTrend jvm(List<MemorySample> samples) {
    return MemoryTrend.of("jvm", samples, MemorySample::jvmRssBytes);
  }

  @Test
  void growthDuringWarmUpThenLevelIsFlat() {
    // Rises 200 MiB over the first four minutes (JIT, heap sizing, caches), then stays.
    MemoryTrend t = jvm(series(s -> 300 + 200 * Math.min(s, 240) / 240));

    assertThat(t.firstBytes()).isEqualTo(300 * MIB);
    assertThat(t.lastBytes()).isEqualTo(500 * MIB);
    assertThat(t.maxBytes()).isEqualTo(500 * MIB);
    assertThat(t.secondHalfSamples()).isEqualTo(31);
    assertThat(t.slopeMibPerMinute()).isCloseTo(0, within(1e-9));
    assertThat(t.flat()).isEqualTo(Verdict.YES);
  }

  @Test
  void steadyClimbThroughTheSecondHalfIsNotFlat() {
    // 6 MiB a minute from 400 MiB: +30 MiB over the last five minutes, 7.0 % of the 430 MiB at the middle.
    MemoryTrend t = jvm(series(s -> 400 + 6 * s / 60));

    assertThat(t.slopeMibPerMinute()).isCloseTo(6, within(1e-6));
    assertThat(t.secondHalfGrowth()).isCloseTo(30.0 / 430, within(1e-6));
    assertThat(t.flat()).isEqualTo(Verdict.NO);
  }

  @Test
  void slowClimbUnderTheThresholdIsFlat() {
    // 2 MiB a minute: +10 MiB over the second half of 410 MiB, 2.4 %.
    MemoryTrend t = jvm(series(s -> 400 + 2 * s / 60));

    assertThat(t.secondHalfGrowth()).isCloseTo(10.0 / 410, within(1e-6));
    assertThat(t.flat()).isEqualTo(Verdict.YES);
  }

  @Test
  void treeWithoutSharedMemoryLeavesTheSharedBuffersOut() {
    List<MemorySample> filling = new ArrayList<>();
    for (int t = 0; t <= 600; t += 10) {
      // The shared buffers fill by 1 MiB every 10 s; everything else stays.
      filling.add(new MemorySample(t, 900 * MIB, (500 + t / 10) * MIB, (100 + t / 10) * MIB, 300 * MIB, 100, 0));
    }

    assertThat(MemoryTrend.of("pss", filling, MemorySample::treePssBytes).flat()).isEqualTo(Verdict.NO);
    assertThat(MemoryTrend.of("private", filling, MemorySample::treePrivatePssBytes).flat()).isEqualTo(Verdict.YES);
  }

  @Test
  void fallingMemoryIsFlat() {
    assertThat(jvm(series(s -> 500 - s / 60)).flat()).isEqualTo(Verdict.YES);
  }

  @Test
  void lateSamplesKeepTheMiddleOneInTheSecondHalf() {
    // A sampler a few milliseconds late each time: the end moves past twice the middle sample's time.
    List<MemorySample> late = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      late.add(flat(i * 10.01 + (i == 4 ? 0.01 : 0), (100 + i) * MIB));
    }

    MemoryTrend t = jvm(late);

    assertThat(t.secondHalfSamples()).isEqualTo(3);
    assertThat(t.flat()).isEqualTo(Verdict.YES);
  }

  @Test
  void tooFewSamplesGiveNoVerdict() {
    List<MemorySample> three = List.of(flat(0, 1), flat(10, 1), flat(20, 1));

    MemoryTrend t = jvm(three);

    assertThat(t.secondHalfSamples()).isEqualTo(2);
    assertThat(t.slopeMibPerMinute()).isNaN();
    assertThat(t.flat()).isEqualTo(Verdict.UNDETERMINED);
  }

  @Test
  void allPartsDecideTogether() {
    assertThat(Verdict.all(List.of(Verdict.YES, Verdict.YES))).isEqualTo(Verdict.YES);
    assertThat(Verdict.all(List.of(Verdict.YES, Verdict.NO))).isEqualTo(Verdict.NO);
    assertThat(Verdict.all(List.of(Verdict.NO, Verdict.UNDETERMINED))).isEqualTo(Verdict.UNDETERMINED);
    assertThat(Verdict.all(List.of())).isEqualTo(Verdict.UNDETERMINED);
    assertThat(Verdict.UNDETERMINED.word()).isEqualTo("undetermined");
  }
}
