package dev.airlock.bench.run;

import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.report.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One system in one scenario over all rounds: medians of the per-round values, and medians of the
 * per-round ratios to the direct run of the same round (not ratios of medians).
 */
public record Summary(
    String scenario,
    String system,
    int rounds,
    double rps,
    double rpsRatio,
    double p50Millis,
    double p99Millis,
    double addedP50Millis,
    double addedP99Millis,
    Outcomes outcomes,
    double cpuSeconds,
    double okPerCpuSecond,
    long maxRssBytes) {

  /** Summaries in first-seen order of (scenario, system). */
  public static List<Summary> of(List<Measurement> all) {
    Map<String, List<Measurement>> groups = new LinkedHashMap<>();
    for (Measurement m : all) {
      groups.computeIfAbsent(m.scenario() + "\u0000" + m.system(), k -> new ArrayList<>()).add(m);
    }
    List<Summary> out = new ArrayList<>();
    for (List<Measurement> g : groups.values()) {
      out.add(summarize(g, all));
    }
    return out;
  }

  private static Summary summarize(List<Measurement> group, List<Measurement> all) {
    Measurement first = group.get(0);
    List<Double> rps = new ArrayList<>(), ratios = new ArrayList<>(), p50 = new ArrayList<>(),
        p99 = new ArrayList<>(), added50 = new ArrayList<>(), added99 = new ArrayList<>(),
        cpu = new ArrayList<>(), perCpu = new ArrayList<>();
    Outcomes outcomes = Outcomes.NONE;
    long rss = 0;
    for (Measurement m : group) {
      Measurement direct = directOf(m, all);
      rps.add(m.rps());
      p50.add(m.p50Millis());
      p99.add(m.p99Millis());
      ratios.add(direct == null ? Double.NaN : Stats.ratio(m.rps(), direct.rps()));
      added50.add(direct == null ? Double.NaN : m.p50Millis() - direct.p50Millis());
      added99.add(direct == null ? Double.NaN : m.p99Millis() - direct.p99Millis());
      cpu.add(m.cpuSeconds() > 0 ? m.cpuSeconds() : Double.NaN);
      perCpu.add(m.okPerCpuSecond());
      outcomes = outcomes.plus(m.outcomes());
      rss = Math.max(rss, m.rssBytes());
    }
    return new Summary(
        first.scenario(), first.system(), group.size(),
        Stats.median(rps), Stats.median(ratios), Stats.median(p50), Stats.median(p99),
        Stats.median(added50), Stats.median(added99),
        outcomes,
        Stats.median(cpu), Stats.median(perCpu), rss);
  }

  private static Measurement directOf(Measurement m, List<Measurement> all) {
    for (Measurement d : all) {
      if (d.round() == m.round() && d.scenario().equals(m.scenario()) && d.system().equals("direct")) {
        return d;
      }
    }
    return null;
  }
}
