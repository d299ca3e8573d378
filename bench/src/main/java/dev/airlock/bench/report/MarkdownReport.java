package dev.airlock.bench.report;

import dev.airlock.bench.run.Scenario;
import dev.airlock.bench.run.Summary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders the summaries as {@code RESULTS.md}: header, targets, one overview and per-scenario tables. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(ReportHeader header, List<Scenario> scenarios, List<String> systems, List<Summary> summaries, Optional<String> jmh) {
    return render(header, scenarios, systems, summaries, Map.of(), jmh);
  }

  /**
   * @param notRun scenarios a system was not measured in, by system name then scenario id, with
   *     the reason (e.g. it does not speak HTTP/2)
   */
  public static String render(ReportHeader header, List<Scenario> scenarios, List<String> systems, List<Summary> summaries,
      Map<String, Map<String, String>> notRun, Optional<String> jmh) {
    StringBuilder md = new StringBuilder("# Airlock benchmark results\n\n");
    header.facts().forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
    md.append("\n## Systems\n\n| system | version | set-up |\n| --- | --- | --- |\n");
    for (ReportHeader.SystemLine s : header.systems()) {
      md.append("| ").append(s.name()).append(" | ").append(cell(s.version())).append(" | ").append(cell(s.note())).append(" |\n");
    }
    header.excluded().forEach((name, why) -> md.append("| ").append(name).append(" | not measured | ").append(cell(why)).append(" |\n"));
    md.append("\n## Method\n\n").append(header.method()).append("\n\n");
    md.append(Targets.render(summaries));
    md.append("\n## Throughput overview (median rps, median of per-round ratios to direct)\n\n");
    md.append("| scenario |");
    systems.forEach(s -> md.append(' ').append(s).append(" |"));
    md.append("\n| --- |");
    systems.forEach(s -> md.append(" ---: |"));
    md.append('\n');
    for (Scenario sc : scenarios) {
      md.append("| ").append(sc.id()).append(" |");
      for (String system : systems) {
        String missing = reason(notRun, system, sc.id()) != null ? "not supported" : "—";
        md.append(' ').append(find(summaries, sc.id(), system).map(MarkdownReport::overviewCell).orElse(missing)).append(" |");
      }
      md.append('\n');
    }
    md.append("\n## Per scenario\n\n");
    md.append("Columns: rps and latency are medians over rounds; × direct and +p50/+p99 are medians of per-round "
        + "differences to direct; errors are totals over rounds (non-2xx / connect / timeout / reset); conns = "
        + "connections the generator opened in total; CPU-s = median CPU seconds the system's processes used per run; "
        + "req/CPU-s = answered requests per CPU second; RSS = largest resident memory after a run.\n");
    for (Scenario sc : scenarios) {
      md.append("\n### ").append(sc.id()).append("\n\n").append(sc.title()).append("\n\n");
      md.append("| system | rps | × direct | p50 ms | p99 ms | +p50 ms | +p99 ms | errors | conns | CPU-s | req/CPU-s | RSS MiB |\n");
      md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
      for (String system : systems) {
        find(summaries, sc.id(), system).ifPresent(s -> md.append(row(s)));
        String why = reason(notRun, system, sc.id());
        if (why != null) {
          md.append("| ").append(system).append(" | not measured: ").append(cell(why))
              .append(" | | | | | | | | | | |\n");
        }
      }
    }
    // The JMH snippet brings its own heading; add one only when it has none.
    jmh.ifPresent(text -> md.append(text.strip().startsWith("#") ? "\n" : "\n## Pure-code benchmarks (JMH)\n\n")
        .append(text.strip()).append('\n'));
    return md.toString();
  }

  private static String reason(Map<String, Map<String, String>> notRun, String system, String scenario) {
    return notRun.getOrDefault(system, Map.of()).get(scenario);
  }

  private static Optional<Summary> find(List<Summary> all, String scenario, String system) {
    return all.stream().filter(s -> s.scenario().equals(scenario) && s.system().equals(system)).findFirst();
  }

  private static String overviewCell(Summary s) {
    String cell = num(s.rps(), 0) + (s.system().equals("direct") ? "" : " (" + num(s.rpsRatio(), 2) + "×)");
    return s.outcomes().errors() > 0 ? cell + " ⚠" + s.outcomes().errors() : cell;
  }

  private static String row(Summary s) {
    boolean direct = s.system().equals("direct");
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s |%n",
        s.system(), num(s.rps(), 0), direct ? "1" : num(s.rpsRatio(), 2), num(s.p50Millis(), 2), num(s.p99Millis(), 2),
        direct ? "—" : num(s.addedP50Millis(), 2), direct ? "—" : num(s.addedP99Millis(), 2),
        s.outcomes().errors() == 0 ? "0" : s.outcomes().errorBreakdown(),
        s.outcomes().connectionsOpened(), direct ? "—" : num(s.cpuSeconds(), 2), direct ? "—" : num(s.okPerCpuSecond(), 0),
        direct ? "—" : num(s.maxRssBytes() / (1024.0 * 1024.0), 0));
  }

  static String num(double value, int decimals) {
    return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
