package dev.airlock.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.bench.load.Outcomes;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
  private static Measurement m(int round, String system, double rps, double p99, long errors) {
    return new Measurement(round, "s", system, 1, rps, p99 / 2, p99, new Outcomes((long) rps, errors, 0, 0, 0, 1), 2.0,
        100 * round);
  }

  @Test
  void reportsTheMedianOfPerRoundRatiosNotTheRatioOfMedians() {
    List<Measurement> all = List.of(
        m(1, "direct", 1000, 1.0, 0), m(1, "proxy", 500, 3.0, 0),
        m(2, "direct", 2000, 1.0, 0), m(2, "proxy", 600, 2.0, 1),
        m(3, "direct", 400, 2.0, 0), m(3, "proxy", 360, 6.0, 2));

    Summary proxy = Summary.of(all).get(1);

    // Per-round ratios 0.5, 0.3, 0.9: median 0.5 (the ratio of medians would be 500 / 1000 too, so
    // check the added latency, whose per-round values 2, 1, 4 have median 2).
    assertThat(proxy.system()).isEqualTo("proxy");
    assertThat(proxy.rpsRatio()).isEqualTo(0.5);
    assertThat(proxy.rps()).isEqualTo(500);
    assertThat(proxy.addedP99Millis()).isEqualTo(2.0);
    assertThat(proxy.outcomes()).isEqualTo(new Outcomes(1460, 3, 0, 0, 0, 3));
    assertThat(proxy.maxRssBytes()).isEqualTo(300);
    assertThat(proxy.okPerCpuSecond()).isEqualTo(250);
  }

  @Test
  void ratioIsMissingWithoutADirectRunInTheSameRound() {
    Summary lonely = Summary.of(List.of(m(1, "proxy", 10, 1, 0))).get(0);

    assertThat(lonely.rpsRatio()).isNaN();
  }
}
