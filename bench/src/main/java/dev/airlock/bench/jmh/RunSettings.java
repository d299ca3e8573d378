package dev.airlock.bench.jmh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What JmhMain was asked to run.
 *
 * @param name "quick" or "default", for the report
 * @param warmupIterations warm-up iterations per fork
 * @param warmupSeconds seconds per warm-up iteration
 * @param iterations measurement iterations per fork
 * @param seconds seconds per measurement iteration
 * @param includes benchmark regexes
 * @param profilers JMH profiler names, e.g. "stack" or "gc"
 * @param outDir where jmh.json and jmh.md go
 */
record RunSettings(
    String name, int warmupIterations, int warmupSeconds, int iterations, int seconds,
    List<String> includes, List<String> profilers, Path outDir) {
  static final int FORKS = 1;
  /**
   * Quick runs still warm up for 3 s: on a busy 2-core machine C2 needs about that long before the
   * policy benchmark stops climbing.
   */
  private static final int QUICK_WARMUP_ITERATIONS = 3;
  /**
   * Full runs warm up for 12 s: the whole-decision benchmark (200 rules, regexes, body scanners)
   * still climbs after 6 s on a 2-core machine, by a third from the first to the third iteration.
   */
  private static final int DEFAULT_WARMUP_ITERATIONS = 6;
  static final List<String> ALL = List.of(
      PolicyEngineBenchmark.class.getSimpleName(), RiskDecisionBenchmark.class.getSimpleName(),
      InspectionBenchmark.class.getSimpleName(),
      EnvelopeBenchmark.class.getSimpleName(), RedactionBenchmark.class.getSimpleName(),
      ThreatIntelBenchmark.class.getSimpleName());
  static final String USAGE =
      "usage: JmhMain [--quick] [--include REGEX]... [--prof NAME]... [--out DIR]   (default out: bench/target)";

  /** @throws IllegalArgumentException on an unknown or incomplete option */
  static RunSettings parse(String... args) {
    boolean quick = false;
    List<String> includes = new ArrayList<>();
    List<String> profilers = new ArrayList<>();
    Path out = Path.of("bench", "target");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--include" -> includes.add(value(args, ++i));
        case "--prof" -> profilers.add(value(args, ++i));
        case "--out" -> out = Path.of(value(args, ++i));
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    List<String> selected = includes.isEmpty() ? ALL : List.copyOf(includes);
    return quick
        ? new RunSettings("quick", QUICK_WARMUP_ITERATIONS, 1, 3, 1, selected, List.copyOf(profilers), out)
        : new RunSettings("default", DEFAULT_WARMUP_ITERATIONS, 2, 5, 2, selected, List.copyOf(profilers), out);
  }

  String describe() {
    return name + ": " + FORKS + " fork, " + warmupIterations + " × " + warmupSeconds + " s warm-up, "
        + iterations + " × " + seconds + " s measurement, 1 thread";
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + ": missing value");
    }
    return args[i];
  }
}
