package dev.airlock.bench.report;

import static dev.airlock.bench.report.MarkdownReport.num;

import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.proc.MemorySample;
import dev.airlock.bench.run.IdleResult;
import dev.airlock.bench.run.SoakResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders {@code RESULTS-soak.md}: header, the two quality bars, then the soak (load, memory trend
 * and verdict, samples) and the idle-connections run.
 */
public final class SoakReport {
  /** The specification's soak length: a shorter run shows the trend but does not decide the bar. */
  static final double BAR_SOAK_SECONDS = 600;
  /** The specification's count of idle agent connections. */
  static final int BAR_IDLE_CONNECTIONS = 10_000;
  /** At most this many sample rows in the Markdown table; the CSV has them all. */
  static final int MAX_SAMPLE_ROWS = 21;

  private SoakReport() {}

  public static final String VERDICT_SERIES = "the JVM's RSS and the tree's PSS other than shared memory; PostgreSQL's shared "
      + "buffers, a cache of fixed size that fills as the trace table grows, are shown but not judged";

  /** The soak's verdict: the JVM's RSS and the tree's private PSS (first and last trend) must both be flat. */
  public static MemoryTrend.Verdict verdict(List<MemoryTrend> trends) {
    return MemoryTrend.Verdict.all(List.of(trends.get(0).flat(), trends.get(trends.size() - 1).flat()));
  }

  /** JVM RSS, the tree's summed RSS, its PSS, and its PSS other than shared memory; the first and last decide. */
  public static List<MemoryTrend> trends(SoakResult soak) {
    List<MemorySample> s = soak.samples();
    return List.of(
        MemoryTrend.of("Airlock JVM, RSS", s, MemorySample::jvmRssBytes),
        MemoryTrend.of("JVM + embedded PostgreSQL, summed RSS", s, MemorySample::treeRssBytes),
        MemoryTrend.of("JVM + embedded PostgreSQL, PSS", s, MemorySample::treePssBytes),
        MemoryTrend.of("JVM + embedded PostgreSQL, PSS other than shared memory", s, MemorySample::treePrivatePssBytes));
  }

  public static String render(ReportHeader header, List<SoakResult> soaks, Optional<IdleResult> idle) {
    StringBuilder md = new StringBuilder("# Airlock soak and idle-connection results\n\n");
    header.facts().forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
    md.append("\n## Systems\n\n| system | version | set-up |\n| --- | --- | --- |\n");
    for (ReportHeader.SystemLine s : header.systems()) {
      md.append("| ").append(s.name()).append(" | ").append(cell(s.version())).append(" | ").append(cell(s.note())).append(" |\n");
    }
    md.append("\n## Method\n\n").append(header.method()).append("\n\n");
    Optional<SoakResult> airlock = soaks.stream().filter(s -> !s.samples().isEmpty()).findFirst();
    bars(md, airlock, idle);
    if (!soaks.isEmpty()) {
      soak(md, soaks, airlock);
    }
    idle.ifPresent(r -> IdleReport.render(md, r));
    return md.toString();
  }

  private static void bars(StringBuilder md, Optional<SoakResult> soak, Optional<IdleResult> idle) {
    md.append("## Quality bars\n\n| bar | measured | met |\n| --- | --- | --- |\n");
    soak.ifPresent(s -> {
      List<MemoryTrend> t = trends(s);
      MemoryTrend tree = t.get(t.size() - 1);
      String measured = String.format(Locale.ROOT, "%s s: JVM RSS %s MiB/min (%s over the second half), JVM + "
              + "PostgreSQL without shared buffers %s MiB/min (%s)", num(s.seconds(), 0), signed(t.get(0).slopeMibPerMinute(), 2),
          percent(t.get(0).secondHalfGrowth()), signed(tree.slopeMibPerMinute(), 2), percent(tree.secondHalfGrowth()));
      md.append("| memory flat over a 10-minute soak | ").append(measured).append(" | ")
          .append(s.seconds() >= BAR_SOAK_SECONDS ? verdict(t).word() : "— (shorter than 10 minutes)").append(" |\n");
    });
    idle.ifPresent(r -> {
      boolean all = r.openAfterHold() >= BAR_IDLE_CONNECTIONS;
      String measured = String.format(Locale.ROOT, "%d of %d established, %d still open after %s s",
          r.opened().ok(), r.requested(), r.openAfterHold(), num(r.holdSeconds(), 0));
      md.append("| 10 000 idle agent connections held | ").append(measured).append(" | ")
          .append(r.requested() >= BAR_IDLE_CONNECTIONS ? (all ? "yes" : "no") : "— (fewer than 10 000 tried)").append(" |\n");
    });
    md.append('\n');
  }

  private static void soak(StringBuilder md, List<SoakResult> soaks, Optional<SoakResult> airlock) {
    md.append("## Soak\n\n### Load\n\nLatency from the intended send time (open loop); errors are non-2xx / connect / "
        + "timeout / reset; conns = connections the generator opened.\n\n"
        + "| system | seconds | rate/s | requests ok | rps | p50 ms | p99 ms | p99.9 ms | max ms | errors | conns |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
    for (SoakResult s : soaks) {
      LoadResult r = s.load();
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %d |%n", s.system(),
          num(s.seconds(), 0), num(s.ratePerSecond(), 0), r.outcomes().ok(), num(r.rps(), 0), num(r.p50Millis(), 2),
          num(r.p99Millis(), 2), num(r.percentileMillis(99.9), 2), num(r.percentileMillis(100), 2),
          r.outcomes().errors() == 0 ? "0" : r.outcomes().errorBreakdown(), r.outcomes().connectionsOpened()));
    }
    airlock.ifPresent(s -> memory(md, s));
  }

  private static void memory(StringBuilder md, SoakResult s) {
    List<MemoryTrend> trends = trends(s);
    md.append("\n### Memory\n\nSampled every ").append(num(interval(s.samples()), 0))
        .append(" s; the slope is the least-squares fit over the second half of the run. Summed RSS counts a page "
            + "shared by several processes once in each; PSS shares it out, so the tree's PSS counts it once.\n\n")
        .append("| series | first MiB | last MiB | max MiB | slope MiB/min (second half) | growth over the second half | flat |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (MemoryTrend t : trends) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", t.what(), mib(t.firstBytes()),
          mib(t.lastBytes()), mib(t.maxBytes()), signed(t.slopeMibPerMinute(), 2), percent(t.secondHalfGrowth()),
          t.flat().word()));
    }
    md.append("\n**memory flat: ").append(verdict(trends).word()).append("** (rule: ").append(MemoryTrend.RULE)
        .append(", for ").append(VERDICT_SERIES).append(")\n");
    md.append("\n### Samples\n\n").append(sampleNote(s.samples().size()))
        .append("| t s | JVM RSS MiB | tree summed RSS MiB | tree PSS MiB | of it shared MiB | JVM fds | tree CPU % of a core |\n"
            + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    MemorySample previous = null;
    for (MemorySample m : shown(s.samples())) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %s |%n", num(m.seconds(), 0), mib(m.jvmRssBytes()),
          mib(m.treeRssBytes()), mib(m.treePssBytes()), mib(m.treeSharedPssBytes()), m.jvmOpenFiles(),
          previous == null ? "—" : num(cpuPercent(previous, m), 0)));
      previous = m;
    }
  }

  /** Every n-th sample and the last, so that at most {@link #MAX_SAMPLE_ROWS} rows are shown. */
  static List<MemorySample> shown(List<MemorySample> all) {
    int step = Math.max(1, (int) Math.ceil((all.size() - 1) / (double) (MAX_SAMPLE_ROWS - 1)));
    List<MemorySample> rows = new ArrayList<>();
    for (int i = 0; i < all.size(); i += step) {
      rows.add(all.get(i));
    }
    if (!all.isEmpty() && rows.get(rows.size() - 1) != all.get(all.size() - 1)) {
      rows.add(all.get(all.size() - 1));
    }
    return rows;
  }

  private static String sampleNote(int count) {
    return count > MAX_SAMPLE_ROWS ? "A selection of the " + count + " samples; `soak.csv` has them all.\n\n" : "";
  }

  private static double interval(List<MemorySample> samples) {
    return samples.size() < 3 ? Double.NaN : samples.get(1).seconds() - samples.get(0).seconds();
  }

  static double cpuPercent(MemorySample from, MemorySample to) {
    double seconds = to.seconds() - from.seconds();
    return seconds <= 0 ? Double.NaN : 100 * (to.treeCpuSeconds() - from.treeCpuSeconds()) / seconds;
  }

  static String mib(long bytes) {
    return num(bytes / (1024.0 * 1024.0), 1);
  }

  /** With its sign; a value that rounds to zero shows as +0 (never -0.00). */
  static String signed(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "—";
    }
    String digits = num(Math.abs(value), decimals);
    boolean zero = digits.chars().allMatch(c -> c == '0' || c == '.');
    return (value < 0 && !zero ? "-" : "+") + digits;
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "—" : signed(100 * share, 1) + " %";
  }

  static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
