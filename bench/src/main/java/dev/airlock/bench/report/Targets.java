package dev.airlock.bench.report;

import dev.airlock.bench.run.Summary;
import java.util.List;
import java.util.Optional;

/** Checks the specification's quality bars that these scenarios measure. */
final class Targets {
  private Targets() {}

  static String render(List<Summary> all) {
    StringBuilder md = new StringBuilder("## Quality bars\n\n| bar | measured | met |\n| --- | --- | --- |\n");
    Optional<Summary> ka = find(all, "https-keepalive-1k", "airlock");
    Optional<Summary> kaSquid = find(all, "https-keepalive-1k", "squid");
    Optional<Summary> nc = find(all, "https-new-conn-1k", "airlock");
    Optional<Summary> ncSquid = find(all, "https-new-conn-1k", "squid");
    Optional<Summary> c1 = find(all, "https-c1-1k", "airlock");
    ka.ifPresent(a -> line(md, "MITM HTTPS keep-alive throughput ≥ 50 % of direct",
        MarkdownReport.num(a.rpsRatio() * 100, 0) + " % of direct", a.rpsRatio() >= 0.5));
    ka.ifPresent(a -> kaSquid.ifPresent(s -> line(md, "keep-alive throughput ≥ 2× squid ssl-bump",
        MarkdownReport.num(a.rpsRatio() / s.rpsRatio(), 2) + "× squid", a.rpsRatio() / s.rpsRatio() >= 2)));
    nc.ifPresent(a -> ncSquid.ifPresent(s -> line(md, "new connection per request ≥ 1.5× squid",
        MarkdownReport.num(a.rpsRatio() / s.rpsRatio(), 2) + "× squid", a.rpsRatio() / s.rpsRatio() >= 1.5)));
    c1.ifPresent(a -> line(md, "p99 added latency ≤ 1 ms at concurrency 1",
        "+" + MarkdownReport.num(a.addedP99Millis(), 2) + " ms p99 (+" + MarkdownReport.num(a.addedP50Millis(), 2) + " ms p50)",
        a.addedP99Millis() <= 1.0));
    md.append("\nRatios between proxies are taken from their per-round ratios to direct (median), so both come from the same rounds.\n");
    return md.toString();
  }

  private static void line(StringBuilder md, String bar, String measured, boolean met) {
    md.append("| ").append(bar).append(" | ").append(measured).append(" | ").append(met ? "yes" : "no").append(" |\n");
  }

  private static Optional<Summary> find(List<Summary> all, String scenario, String system) {
    return all.stream().filter(s -> s.scenario().equals(scenario) && s.system().equals(system)).findFirst();
  }
}
