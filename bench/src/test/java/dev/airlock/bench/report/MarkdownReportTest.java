package dev.airlock.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.run.Measurement;
import dev.airlock.bench.run.Scenario;
import dev.airlock.bench.run.Summary;
import dev.airlock.bench.load.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
  private final Scenario scenario = new Scenario("https-c1-1k", "concurrency one", true, Workload.post("/x", 1024), 1, true, 0);
  private final List<Summary> summaries = Summary.of(List.of(
      new Measurement(1, "https-c1-1k", "direct", 1, 1000, 0.1, 0.2, new Outcomes(1000, 0, 0, 0, 0, 1), 0, 0),
      new Measurement(1, "https-c1-1k", "airlock", 1, 400, 0.3, 0.9, new Outcomes(400, 0, 2, 0, 0, 3), 2, 50L << 20)));
  private final ReportHeader header = new ReportHeader(
      new LinkedHashMap<>(Map.of("machine", "2 cores")), List.of(new ReportHeader.SystemLine("airlock", "v1", "mitm")),
      Map.of("squid", "not installed"), "method text");

  @Test
  void rendersTablesTargetsAndExclusions() {
    String md = MarkdownReport.render(header, List.of(scenario), List.of("direct", "airlock"), summaries, Optional.empty());

    assertThat(md).contains("- **machine**: 2 cores");
    assertThat(md).contains("| squid | not measured | not installed |");
    assertThat(md).contains("| https-c1-1k | 1000 | 400 (0.40×) ⚠2 |");
    assertThat(md).contains("| airlock | 400 | 0.40 | 0.30 | 0.90 | 0.20 | 0.70 | 0/2/0/0 | 3 | 2.00 | 200 | 50 |");
    assertThat(md).contains("| p99 added latency ≤ 1 ms at concurrency 1 | +0.70 ms p99 (+0.20 ms p50) | yes |");
    assertThat(md).doesNotContain("JMH");
  }

  @Test
  void aScenarioASystemCannotRunIsMarkedNotSupportedWithTheReason() {
    String md = MarkdownReport.render(header, List.of(scenario), List.of("direct", "airlock", "squid"), summaries,
        Map.of("squid", Map.of("https-c1-1k", "check failed: connect failures 3")), Optional.empty());

    assertThat(md).contains("| https-c1-1k | 1000 | 400 (0.40×) ⚠2 | not supported |");
    assertThat(md).contains("| squid | not measured: check failed: connect failures 3 |");
  }

  @Test
  void appendsJmhResultsWhenPresent() {
    String md = MarkdownReport.render(header, List.of(scenario), List.of("direct"), summaries, Optional.of("| bench | ops/s |\n"));

    assertThat(md).endsWith("## Pure-code benchmarks (JMH)\n\n| bench | ops/s |\n");
  }
}
