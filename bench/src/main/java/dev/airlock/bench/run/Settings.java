package dev.airlock.bench.run;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How long and how often to measure.
 *
 * @param quick the short variant (fewer scenarios, shorter runs)
 * @param rounds rounds over every scenario and system (direct first in each)
 * @param runDuration each load run
 * @param warmup at least this long per JVM system before the first round (JIT, caches, minted
 *     certificates)
 * @param warmupCap at most this long while JIT compilation has not settled
 * @param timeout per request
 */
public record Settings(
    boolean quick, int rounds, Duration runDuration, Duration warmup, Duration warmupCap, Duration timeout,
    List<Scenario> scenarios) {
  public Settings {
    if (rounds < 3) {
      throw new IllegalArgumentException("rounds: " + rounds + " (expected: >= 3, medians need them)");
    }
    if (warmupCap.compareTo(warmup) < 0) {
      warmupCap = warmup;
    }
    scenarios = List.copyOf(scenarios);
  }

  /** The same settings for the named scenarios of the full list only (for profiling one scenario). */
  public Settings only(Set<String> names) {
    List<Scenario> picked = Scenarios.full().stream().filter(s -> names.contains(s.id())).toList();
    if (picked.size() != names.size()) {
      throw new IllegalArgumentException("--scenarios: unknown name among " + names + " (known: "
          + Scenarios.full().stream().map(Scenario::id).toList() + ")");
    }
    return new Settings(quick, rounds, runDuration, warmup, warmupCap, timeout, picked);
  }

  /** How long direct may warm up while the generator's own JIT settles: short in a quick run. */
  public Duration directWarmupCap() {
    return quick ? Duration.ofSeconds(6) : warmup;
  }

  /** The same settings with more rounds (a steadier median when comparing two builds). */
  public Settings withRounds(int more) {
    return new Settings(quick, more, runDuration, warmup, warmupCap, timeout, scenarios);
  }

  public Settings withWarmup(Duration longer) {
    return new Settings(quick, rounds, runDuration, longer, warmupCap, timeout, scenarios);
  }

  public static Settings quickRun() {
    // The JVM under test gets the 10 s warm-up the method asks for even in the quick run.
    return new Settings(true, 3, Duration.ofMillis(1500), Duration.ofSeconds(10), Duration.ofSeconds(36), Duration.ofSeconds(5),
        Scenarios.quick());
  }

  public static Settings fullRun() {
    return new Settings(false, 3, Duration.ofSeconds(4), Duration.ofSeconds(12), Duration.ofSeconds(150), Duration.ofSeconds(10),
        Scenarios.full());
  }
}
