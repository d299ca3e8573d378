package dev.airlock.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakTest {
  @Test
  void mixSpreadsTheRateOverHostsWithATenthOnNewConnections() {
    List<Soak.Stream> mix = Soak.mix(400, List.of("a.test", "b.test"));

    assertThat(mix).containsExactly(
        new Soak.Stream("a.test", true, 8, 180), new Soak.Stream("a.test", false, 4, 20),
        new Soak.Stream("b.test", true, 8, 180), new Soak.Stream("b.test", false, 4, 20));
    assertThat(mix.stream().mapToDouble(Soak.Stream::ratePerSecond).sum()).isCloseTo(400, within(1e-9));
  }

  @Test
  void generatorWithTooFewDescriptorsFailsClearly() {
    assertThatThrownBy(() -> IdleHold.checkFileLimit(4096, 10_000))
        .hasMessage("10000 idle connections need 10512 open files in the generator, its limit is 4096 "
            + "(raise it with ulimit -n, or lower BENCH_IDLE_CONNECTIONS)");
    assertThatCode(() -> IdleHold.checkFileLimit(20_000, 10_000)).doesNotThrowAnyException();
    assertThatCode(() -> IdleHold.checkFileLimit(-1, 10_000)).doesNotThrowAnyException();
  }
}
