package dev.airlock.bench.jmh;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Normalization plus detection ({@link RequestInspector#inspect}) of one JSON request, clean or
 * with one email address and one AWS example key. Bytes per second = ops/s × {@code size}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class InspectionBenchmark {
  /** Body content variants. */
  public enum Content { CLEAN, EMAIL_AND_KEY }

  @Param({"1024", "65536"})
  int size;

  @Param({"SLACK", "OPENAI"})
  BodyShape shape;

  @Param({"CLEAN", "EMAIL_AND_KEY"})
  Content content;

  private RequestInspector inspector;
  private InspectedRequest request;

  @Setup
  public void setup() {
    inspector = new RequestInspector(
        ToolCatalog.load(null), new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of(), Set.of()));
    request = JsonBodies.build(shape, size, content == Content.CLEAN ? List.of() : Samples.EMAIL_AND_KEY).request();
    Inspection first = inspector.inspect(request);
    List<String> expected =
        content == Content.CLEAN ? List.of() : List.of("PII.email", "SECRETS.aws_access_key");
    if (!first.detectorIds().equals(expected)) {
      throw new IllegalStateException(
          shape + "/" + size + "/" + content + ": found " + first.detectorIds() + " (expected: " + expected + ")");
    }
    System.out.println(
        shape + " " + size + " B normalizes to " + first.call().tool() + "/" + first.call().operation());
  }

  @Benchmark
  public Inspection inspect() {
    return inspector.inspect(request);
  }
}
