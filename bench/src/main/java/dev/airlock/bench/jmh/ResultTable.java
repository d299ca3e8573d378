package dev.airlock.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Renders JMH results as a Markdown table with a derived column and the policy target line. */
final class ResultTable {
  static final double TARGET_DECISIONS = 1_000_000;
  static final String TARGET_RULES = "200";

  private ResultTable() {}

  static String markdown(Collection<RunResult> results, String header) {
    List<RunResult> sorted = new ArrayList<>(results);
    sorted.sort((a, b) -> label(a.getParams()).compareTo(label(b.getParams())));
    StringBuilder out = new StringBuilder(header).append("\n\n");
    out.append("| Benchmark | Params | Score | ± Error (99.9 %) | Unit | Derived |\n");
    out.append("|---|---|---:|---:|---|---:|\n");
    for (RunResult r : sorted) {
      Result<?> primary = r.getPrimaryResult();
      out.append("| ").append(shortName(r.getParams()))
          .append(" | ").append(params(r.getParams()))
          .append(" | ").append(number(primary.getScore()))
          .append(" | ").append(number(primary.getScoreError()))
          .append(" | ").append(primary.getScoreUnit())
          .append(" | ").append(derived(r)).append(" |\n");
    }
    return out.append('\n').append(targetLine(sorted)).append('\n').toString();
  }

  /** Whether the policy engine reached the SPEC target in this run. */
  static String targetLine(Collection<RunResult> results) {
    Optional<RunResult> policy = results.stream()
        .filter(r -> shortName(r.getParams()).startsWith(PolicyEngineBenchmark.class.getSimpleName()))
        .filter(r -> TARGET_RULES.equals(r.getParams().getParam("rules")))
        .findFirst();
    if (policy.isEmpty()) {
      return "Policy engine target (≥ 1 M decisions/s, 200 rules, one thread): not measured in this run.";
    }
    Result<?> p = policy.get().getPrimaryResult();
    boolean met = p.getScore() >= TARGET_DECISIONS;
    boolean clear = met ? p.getScore() - p.getScoreError() >= TARGET_DECISIONS
        : p.getScore() + p.getScoreError() < TARGET_DECISIONS;
    return String.format(Locale.ROOT,
        "Policy engine target (≥ 1 M decisions/s, 200 rules, one thread): %s in this run — %.2f M ± %.2f M decisions/s%s.",
        met ? "MET" : "NOT MET", p.getScore() / 1e6, p.getScoreError() / 1e6,
        clear ? "" : " (the error interval straddles the target)");
  }

  private static String derived(RunResult r) {
    String name = shortName(r.getParams());
    double score = r.getPrimaryResult().getScore();
    if (name.startsWith(PolicyEngineBenchmark.class.getSimpleName())
        || name.startsWith(RiskDecisionBenchmark.class.getSimpleName())) {
      return String.format(Locale.ROOT, "%.2f M decisions/s", score / 1e6);
    }
    if (name.startsWith(ThreatIntelBenchmark.class.getSimpleName())) {
      return String.format(Locale.ROOT, "%.2f M lookups/s", score / 1e6);
    }
    String size = r.getParams().getParam("size");
    if (size == null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.1f MB/s", score * Integer.parseInt(size) / 1e6);
  }

  private static String shortName(BenchmarkParams params) {
    String full = params.getBenchmark();
    int method = full.lastIndexOf('.');
    int type = full.lastIndexOf('.', method - 1);
    return full.substring(type + 1);
  }

  private static String params(BenchmarkParams params) {
    List<String> parts = new ArrayList<>();
    for (String key : params.getParamsKeys()) {
      parts.add(key + "=" + params.getParam(key));
    }
    return String.join(", ", parts);
  }

  /** Sort key: benchmark, then numeric-aware params (1024 before 65536, 10 before 200). */
  private static String label(BenchmarkParams params) {
    StringBuilder key = new StringBuilder(shortName(params));
    for (String k : params.getParamsKeys()) {
      String v = params.getParam(k);
      key.append('|').append(v.chars().allMatch(Character::isDigit) ? String.format("%012d", Long.parseLong(v)) : v);
    }
    return key.toString();
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,.0f", value).replace(',', ' ');
  }
}
