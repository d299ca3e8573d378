package dev.airlock.bench.run;

import java.time.Duration;
import java.util.List;

/**
 * How long and how often to measure.
 *
 * @param quick the short variant (fewer scenarios, shorter runs)
 * @param rounds rounds over every scenario and system (direct first in each)
 * @param runDuration each load run
 * @param warmup per proxy before the first round (JIT, caches, minted certificates)
 * @param timeout per request
 */
public record Settings(
    boolean quick, int rounds, Duration runDuration, Duration warmup, Duration timeout, List<Scenario> scenarios) {
  public Settings {
    if (rounds < 3) {
      throw new IllegalArgumentException("rounds: " + rounds + " (expected: >= 3, medians need them)");
    }
    scenarios = List.copyOf(scenarios);
  }

  public static Settings quickRun() {
    // The JVM under test gets the 10 s warm-up the method asks for even in the quick run.
    return new Settings(true, 3, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5), Scenarios.quick());
  }

  public static Settings fullRun() {
    return new Settings(false, 3, Duration.ofSeconds(4), Duration.ofSeconds(12), Duration.ofSeconds(10), Scenarios.full());
  }
}
