package dev.airlock.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the micro-benchmarks and writes JMH's JSON results ({@code jmh.json}) and a Markdown table
 * ({@code jmh.md}) to the output directory. Must be started with the benchmarks on the class path
 * ({@code java -cp}), because JMH forks a JVM with the same class path.
 */
public final class JmhMain {
  /** Fixed heap so that GC sizing does not drift between forks. */
  private static final String[] FORK_JVM_ARGS = {"-Xms1g", "-Xmx1g"};

  private JmhMain() {}

  public static void main(String[] args) throws RunnerException, IOException {
    RunSettings settings;
    try {
      settings = RunSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(RunSettings.USAGE);
      System.exit(2);
      return;
    }
    Files.createDirectories(settings.outDir());
    Path json = settings.outDir().resolve("jmh.json");
    Collection<RunResult> results = new Runner(options(settings, json).build()).run();
    if (results.isEmpty()) {
      System.err.println("no benchmark produced a result; see the JMH output above");
      System.exit(1);
    }
    String header = "## Micro-benchmarks (JMH)\n\n"
        + "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " CPUs, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + "; " + settings.describe() + ". Scores are ops/s; Derived is decisions/s for the policy"
        + " engine and body MB/s (10^6 bytes) for inspection and redaction.";
    String table = ResultTable.markdown(results, header);
    Files.writeString(settings.outDir().resolve("jmh.md"), table, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(table);
    System.out.println("JSON: " + json + "   Markdown: " + settings.outDir().resolve("jmh.md"));
  }

  static ChainedOptionsBuilder options(RunSettings s, Path json) {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .forks(RunSettings.FORKS)
        .threads(1)
        .warmupIterations(s.warmupIterations())
        .warmupTime(TimeValue.seconds(s.warmupSeconds()))
        .measurementIterations(s.iterations())
        .measurementTime(TimeValue.seconds(s.seconds()))
        .jvmArgsAppend(FORK_JVM_ARGS)
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString());
    s.includes().forEach(b::include);
    s.profilers().forEach(b::addProfiler);
    return b;
  }
}
