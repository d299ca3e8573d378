package dev.airlock.bench.jmh;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.detect.Redactor;
import java.util.EnumSet;
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
 * Redaction of a Slack message body carrying a handful of findings (emails, a phone number, an
 * IBAN, an AWS example key). The findings come from the detectors once, in setup; only
 * {@link Redactor#redact} is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class RedactionBenchmark {
  private static final int MIN_FINDINGS = 4;

  @Param({"1024", "65536"})
  int size;

  private final Redactor redactor = new Redactor();
  private final Set<DataClass> classes = EnumSet.allOf(DataClass.class);
  private String text;
  private List<Finding> findings;

  @Setup
  public void setup() {
    text = JsonBodies.build(BodyShape.SLACK, size, Samples.HANDFUL).json();
    findings = new Detectors(DetectorSettings.defaults()).scan(text);
    if (findings.size() < MIN_FINDINGS) {
      throw new IllegalStateException(size + " B: " + findings + " (expected: at least " + MIN_FINDINGS + ")");
    }
    System.out.println(size + " B body, findings: " + findings.stream().map(Finding::detectorId).toList());
  }

  @Benchmark
  public String redact() {
    return redactor.redact(text, JsonBody.MEDIA_TYPE, findings, classes);
  }
}
