package dev.airlock.bench.report;

import static dev.airlock.bench.report.MemoryTrendTest.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.proc.MemorySample;
import dev.airlock.bench.run.IdleResult;
import dev.airlock.bench.run.SoakResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SoakReportTest {
  private final ReportHeader header = new ReportHeader(new LinkedHashMap<>(Map.of("machine", "2 cores")),
      List.of(new ReportHeader.SystemLine("airlock", "v1", "mitm")), Map.of(), "method text");

  /** Every latency the same number of microseconds. */
  static LoadResult load(long ok, long micros, Outcomes errors, double seconds) {
    Histogram h = new Histogram(600_000_000L, 3);
    for (long i = 0; i < ok; i++) {
      h.recordValue(micros);
    }
    return new LoadResult(h, new Outcomes(ok, 0, 0, 0, 0, 40).plus(errors), Duration.ofMillis((long) (seconds * 1000)));
  }

  static SoakResult airlockSoak(double seconds, List<MemorySample> samples) {
    return new SoakResult("airlock", seconds, 400, load(240_000, 2000, new Outcomes(0, 1, 0, 2, 0, 0), seconds), samples);
  }

  static IdleResult idle(int requested, int open) {
    MemorySample before = new MemorySample(0, 700 * MIB, 600 * MIB, 50 * MIB, 400 * MIB, 100, 10);
    MemorySample held = new MemorySample(100, 1300 * MIB, 1100 * MIB, 50 * MIB, 900 * MIB, 100 + 2 * open, 40);
    MemorySample after = new MemorySample(130, 1200 * MIB, 1000 * MIB, 50 * MIB, 800 * MIB, 228, 45);
    return new IdleResult(requested, 300, 34.5, new Outcomes(open, 0, requested - open, 0, 0, open), 60, open, 0,
        new Outcomes(open, 0, 0, 0, 0, open), before, held, after, 3.5,
        List.of(new IdleResult.Sample("before", 0, before), new IdleResult.Sample("held", open, held),
            new IdleResult.Sample("closed", 0, after)),
        load(1500, 1500, Outcomes.NONE, 15), load(6000, 1800, new Outcomes(0, 0, 0, 0, 1, 0), 60),
        "generator 20000, proxy JVM 20000");
  }

  @Test
  void fullLengthFlatSoakMeetsTheBar() {
    List<MemorySample> samples = MemoryTrendTest.series(s -> 300 + 200 * Math.min(s, 240) / 240);
    SoakResult direct = new SoakResult("direct", 60, 400, load(24_000, 500, Outcomes.NONE, 60), List.of());

    String md = SoakReport.render(header, List.of(direct, airlockSoak(600, samples)), Optional.empty());

    assertThat(md).startsWith("# Airlock soak and idle-connection results\n\n- **machine**: 2 cores\n");
    assertThat(md).contains("| memory flat over a 10-minute soak | 600 s: JVM RSS +0.00 MiB/min (+0.0 % over the second "
        + "half), JVM + PostgreSQL without shared buffers +0.00 MiB/min (+0.0 %) | yes |");
    assertThat(md).contains("| direct | 60 | 400 | 24000 | 400 | 0.50 | 0.50 | 0.50 | 0.50 | 0 | 40 |");
    assertThat(md).contains("| airlock | 600 | 400 | 240000 | 400 | 2.00 | 2.00 | 2.00 | 2.00 | 1/0/2/0 | 40 |");
    assertThat(md).contains("| Airlock JVM, RSS | 300.0 | 500.0 | 500.0 | +0.00 | +0.0 % | yes |");
    assertThat(md).contains("| JVM + embedded PostgreSQL, summed RSS | 600.0 | 800.0 | 800.0 | +0.00 | +0.0 % | yes |");
    assertThat(md).contains("| JVM + embedded PostgreSQL, PSS | 450.0 | 650.0 | 650.0 | +0.00 | +0.0 % | yes |");
    assertThat(md).contains("| JVM + embedded PostgreSQL, PSS other than shared memory | 400.0 | 600.0 | 600.0 | +0.00 | +0.0 % | yes |");
    assertThat(md).contains("**memory flat: yes** (rule: flat when the least-squares line");
    assertThat(md).contains("A selection of the 61 samples; `soak.csv` has them all.");
    // Every third sample (0, 30, ... 600 s): 21 rows; CPU grows 0.1 s per second, 10 % of a core.
    assertThat(md).contains("| 0 | 300.0 | 600.0 | 450.0 | 50.0 | 100 | — |\n| 30 | 325.0 | 625.0 | 475.0 | 50.0 | 100 | 10 |");
    assertThat(md).contains("| 600 | 500.0 | 800.0 | 650.0 | 50.0 | 100 | 10 |");
    assertThat(md).doesNotContain("## Idle agent connections");
  }

  @Test
  void climbingSoakFailsAndAShortRunDoesNotDecideTheBar() {
    List<MemorySample> climbing = MemoryTrendTest.series(s -> 400 + 6 * s / 60);

    String full = SoakReport.render(header, List.of(airlockSoak(600, climbing)), Optional.empty());
    String shortRun = SoakReport.render(header, List.of(airlockSoak(60, climbing.subList(0, 7))), Optional.empty());

    assertThat(full).contains("| +6.00 | +7.0 % | no |");
    assertThat(full).contains("**memory flat: no**");
    assertThat(full).containsPattern("\\| memory flat over a 10-minute soak \\| .* \\| no \\|");
    assertThat(shortRun).contains("| — (shorter than 10 minutes) |");
    assertThat(shortRun).doesNotContain("A selection of");
  }

  @Test
  void idleConnectionsSectionShowsHeldCountsMemoryAndTheOtherClient() {
    String md = SoakReport.render(header, List.of(), Optional.of(idle(10_000, 9_900)));

    assertThat(md).contains("| 10 000 idle agent connections held | 9900 of 10000 established, 9900 still open after 60 s | no |");
    assertThat(md).contains("- **opened**: 9900 of 10000 established (CONNECT, TLS handshake, one request answered 2xx) "
        + "in 34.5 s at 300/s; failed: 0/100/0/0 (non-2xx / connect / timeout / reset)");
    assertThat(md).contains("| before | 0 | 400.0 | 600.0 | 100 |");
    assertThat(md).contains("| all held (end of the hold) | 9900 | 900.0 | 1100.0 | 19900 |");
    assertThat(md).contains("| after closing them (3.5 s) | 0 | 800.0 | 1000.0 | 228 |");
    // 500 MiB over 9 900 connections: 51.7 KiB each; two descriptors each.
    assertThat(md).contains("Per held connection: 51.7 KiB of JVM RSS, 51.7 KiB of tree PSS, 2.00 descriptors in the JVM.");
    assertThat(md).contains("| before | 100 | 1500 | 100.00 % | 1.50 | 1.50 | 1.50 | 0 |");
    assertThat(md).contains("| during the hold | 100 | 6000 | 99.98 % | 1.80 | 1.80 | 1.80 | 0/0/0/1 |");
    assertThat(md).doesNotContain("## Soak");
  }

  @Test
  void allHeldMeetsTheBarAndFewerTriedDoesNotDecideIt() {
    assertThat(SoakReport.render(header, List.of(), Optional.of(idle(10_000, 10_000))))
        .contains("10000 still open after 60 s | yes |");
    assertThat(SoakReport.render(header, List.of(), Optional.of(idle(2_000, 2_000))))
        .contains("2000 still open after 60 s | — (fewer than 10 000 tried) |");
  }

  @Test
  void csvHasEverySampleOfBoth() {
    List<MemorySample> samples = List.of(new MemorySample(0, 2048, 1536, 512, 1024, 50, 1.5),
        new MemorySample(10.04, 4096, 3072, 1024, 2048, 60, 2.25));

    String csv = SoakCsv.render(Optional.of(airlockSoak(10, samples)), Optional.of(idle(3, 3)), "airlock");

    assertThat(csv.lines()).containsExactly(
        SoakCsv.HEADER,
        "soak,airlock,load,0.0,,1024,2048,1536,512,50,1.50",
        "soak,airlock,load,10.0,,2048,4096,3072,1024,60,2.25",
        "idle,airlock,before,0.0,0,419430400,734003200,629145600,52428800,100,10.00",
        "idle,airlock,held,100.0,3,943718400,1363148800,1153433600,52428800,106,40.00",
        "idle,airlock,closed,130.0,0,838860800,1258291200,1048576000,52428800,228,45.00");
  }
}
