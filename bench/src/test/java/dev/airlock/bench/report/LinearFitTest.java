package dev.airlock.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearFitTest {
  @Test
  void pointsOnALineGiveThatLine() {
    LinearFit fit = LinearFit.of(new double[] {0, 10, 20, 30}, new double[] {5, 25, 45, 65});

    assertThat(fit.slope()).isCloseTo(2.0, within(1e-12));
    assertThat(fit.intercept()).isCloseTo(5.0, within(1e-12));
    assertThat(fit.at(40)).isCloseTo(85.0, within(1e-9));
    assertThat(fit.points()).isEqualTo(4);
  }

  @Test
  void noiseAroundALineAveragesOut() {
    // +1, -1, -1, +1 around y = 3x: the symmetric noise leaves the slope unchanged.
    LinearFit fit = LinearFit.of(new double[] {1, 2, 3, 4}, new double[] {4, 5, 8, 13});

    assertThat(fit.slope()).isCloseTo(3.0, within(1e-12));
    assertThat(fit.intercept()).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void largeValuesKeepTheirPrecision() {
    // Bytes around 600 MB over seconds around an hour: naive sums of squares would lose digits.
    double[] x = {3600, 3610, 3620, 3630};
    double[] y = {600_000_000, 600_000_100, 600_000_200, 600_000_300};

    assertThat(LinearFit.of(x, y).slope()).isCloseTo(10.0, within(1e-6));
  }

  @Test
  void needsTwoDistinctXValues() {
    assertThatThrownBy(() -> LinearFit.of(new double[] {5, 5}, new double[] {1, 2}))
        .hasMessageContaining("at least two with different x");
    assertThatThrownBy(() -> LinearFit.of(new double[] {1}, new double[] {1, 2}))
        .hasMessageContaining("as many of each");
  }
}
