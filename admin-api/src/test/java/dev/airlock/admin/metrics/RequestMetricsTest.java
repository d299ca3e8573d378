package dev.airlock.admin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.trace.Trace;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestMetricsTest {
  private static final String REQUESTS = "airlock_requests_total";
  private static final String POLICY = "airlock_policy_decision_seconds";
  private static final String UPSTREAM = "airlock_upstream_response_seconds";
  private static final String ERRORS = "airlock_upstream_errors_total";

  /** An expected sample: name, labels (name, value, ...), value. */
  record Expect(String name, String[] labels, double value) {
    @Override
    public String toString() {
      return name + Arrays.toString(labels) + " = " + value;
    }
  }

  static Expect expect(double value, String name, String... labels) {
    return new Expect(name, labels, value);
  }

  static Trace trace(String env, String tool, String decision, String enforced, String verb,
      long policyMicros, long upstreamMillis, String... reasons) {
    return new Trace("trc_1", Instant.EPOCH, env, "bot", "key_1", tool, "op", verb, "POST",
        tool + ".com", "/", 200, decision, enforced, List.of(reasons), null, 0.1, "LOW", List.of(),
        List.of(), 1, 2, policyMicros, upstreamMillis);
  }

  static Trace allow(String env, String tool) {
    return trace(env, tool, "ALLOW", "ALLOW", "WRITE", 20, 40);
  }

  static Stream<Arguments> batches() {
    return Stream.of(
        Arguments.of("one series per decision, enforced action, tool and env",
            List.of(allow("default", "slack"), allow("default", "slack"),
                trace("default", "slack", "DENY", "DENY", "WRITE", 30, -1, "SECRET_DETECTED"),
                trace("staging", "github", "DENY", "ALLOW", "WRITE", 30, 12),
                trace("default", "openai", "SANITIZE", "SANITIZE", "WRITE", 400, 900),
                trace("default", "jira", "REQUIRE_APPROVAL", "REQUIRE_APPROVAL", "WRITE", 10, -1)),
            List.of(
                expect(2, REQUESTS, "decision", "ALLOW", "enforced", "ALLOW", "tool", "slack", "env", "default"),
                expect(1, REQUESTS, "decision", "DENY", "enforced", "DENY", "tool", "slack", "env", "default"),
                expect(1, REQUESTS, "decision", "DENY", "enforced", "ALLOW", "tool", "github", "env", "staging"),
                expect(1, REQUESTS, "decision", "SANITIZE", "enforced", "SANITIZE", "tool", "openai", "env", "default"),
                expect(1, REQUESTS, "decision", "REQUIRE_APPROVAL", "enforced", "REQUIRE_APPROVAL", "tool", "jira",
                    "env", "default"))),
        Arguments.of("policy time in seconds, cumulative buckets",
            List.of(trace("default", "slack", "ALLOW", "ALLOW", "READ", 3, -1),
                trace("default", "slack", "ALLOW", "ALLOW", "READ", 30, -1),
                trace("default", "slack", "ALLOW", "ALLOW", "READ", 2_000, -1)),
            List.of(
                expect(3, POLICY + "_count"),
                expect(0.002_033, POLICY + "_sum"),
                expect(1, POLICY + "_bucket", "le", "0.000005"),
                expect(1, POLICY + "_bucket", "le", "0.000025"),
                expect(2, POLICY + "_bucket", "le", "0.00005"),
                expect(2, POLICY + "_bucket", "le", "0.001"),
                expect(3, POLICY + "_bucket", "le", "0.0025"),
                expect(3, POLICY + "_bucket", "le", "+Inf"))),
        Arguments.of("requests refused before a decision have no policy time",
            List.of(trace("", "api.example.com", "DENY", "DENY", "", 0, -1, "PROXY_AUTH_REQUIRED")),
            List.of(
                expect(0, POLICY + "_count"),
                expect(1, REQUESTS, "decision", "DENY", "enforced", "DENY", "tool", "api.example.com", "env", ""))),
        Arguments.of("upstream time only when the upstream was contacted",
            List.of(trace("default", "slack", "ALLOW", "ALLOW", "READ", 5, 0),
                trace("default", "slack", "ALLOW", "ALLOW", "READ", 5, 120),
                trace("default", "slack", "DENY", "DENY", "READ", 5, -1),
                trace("default", "slack", "ALLOW", "ALLOW", "READ", 5, 90_000)),
            List.of(
                expect(3, UPSTREAM + "_count"),
                expect(90.12, UPSTREAM + "_sum"),
                expect(1, UPSTREAM + "_bucket", "le", "0.001"),
                expect(1, UPSTREAM + "_bucket", "le", "0.1"),
                expect(2, UPSTREAM + "_bucket", "le", "0.25"),
                expect(2, UPSTREAM + "_bucket", "le", "60"),
                expect(3, UPSTREAM + "_bucket", "le", "120"))),
        Arguments.of("upstream failures by reason; other reasons are not errors",
            List.of(trace("default", "slack", "ALLOW", "ALLOW", "WRITE", 5, -1, "UPSTREAM_TLS_ERROR"),
                trace("default", "slack", "ALLOW", "ALLOW", "WRITE", 5, -1, "UPSTREAM_TLS_ERROR"),
                trace("default", "slack", "ALLOW", "ALLOW", "WRITE", 5, 30_000, "UPSTREAM_TIMEOUT"),
                trace("default", "slack", "DENY", "DENY", "WRITE", 5, -1, "SECRET_DETECTED")),
            List.of(
                expect(2, ERRORS, "reason", "UPSTREAM_TLS_ERROR"),
                expect(1, ERRORS, "reason", "UPSTREAM_TIMEOUT"))),
        Arguments.of("missing or unknown values still count",
            List.of(trace(null, null, "MAYBE", null, null, 5, -1)),
            List.of(expect(1, REQUESTS, "decision", "OTHER", "enforced", "OTHER", "tool", "", "env", ""))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("batches")
  void batchOfTracesGivesTheseSeries(String name, List<Trace> batch, List<Expect> expected) {
    RequestMetrics metrics = new RequestMetrics();
    PrometheusRegistry registry = new PrometheusRegistry();
    metrics.register(registry);

    metrics.observe(batch);

    MetricSamples samples = scrape(registry);
    for (Expect e : expected) {
      assertThat(samples.value(e.name(), e.labels())).as(e.toString()).isNotNull()
          .isCloseTo(e.value(), org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(samples.sum(REQUESTS)).isEqualTo(batch.size());
  }

  @Test
  void toolsBeyondTheCapCountAsOther() {
    RequestMetrics metrics = new RequestMetrics();
    PrometheusRegistry registry = new PrometheusRegistry();
    metrics.register(registry);
    List<Trace> batch = new ArrayList<>();
    for (int i = 0; i < RequestMetrics.MAX_TOOLS + 5; i++) {
      batch.add(allow("default", "tool-" + i));
    }
    batch.add(allow("default", "tool-0"));
    batch.add(allow("default", "tool-" + (RequestMetrics.MAX_TOOLS + 1)));

    metrics.observe(batch);

    MetricSamples samples = scrape(registry);
    assertThat(samples.named(REQUESTS)).hasSize(RequestMetrics.MAX_TOOLS + 1);
    assertThat(samples.value(REQUESTS, "decision", "ALLOW", "enforced", "ALLOW", "tool", "tool-0", "env", "default"))
        .isEqualTo(2);
    assertThat(samples.value(REQUESTS, "decision", "ALLOW", "enforced", "ALLOW", "tool", "other", "env", "default"))
        .isEqualTo(6);
    assertThat(samples.sum(REQUESTS)).isEqualTo(batch.size());
  }

  @Test
  void environmentsBeyondTheCapCountAsOther() {
    RequestMetrics metrics = new RequestMetrics();
    PrometheusRegistry registry = new PrometheusRegistry();
    metrics.register(registry);
    List<Trace> batch = new ArrayList<>();
    for (int i = 0; i < RequestMetrics.MAX_ENVS + 3; i++) {
      batch.add(allow("env-" + i, "slack"));
    }

    metrics.observe(batch);

    MetricSamples samples = scrape(registry);
    assertThat(samples.named(REQUESTS)).hasSize(RequestMetrics.MAX_ENVS + 1);
    assertThat(samples.value(REQUESTS, "decision", "ALLOW", "enforced", "ALLOW", "tool", "slack", "env", "other"))
        .isEqualTo(3);
  }

  @Test
  void totalsByDecisionForTheStatusSummary() {
    RequestMetrics metrics = new RequestMetrics();
    metrics.observe(List.of(allow("default", "slack"), allow("staging", "github"),
        trace("default", "slack", "DENY", "ALLOW", "WRITE", 1, 1)));

    assertThat(metrics.byDecision()).containsExactly(Map.entry("ALLOW", 2L), Map.entry("SANITIZE", 0L),
        Map.entry("DENY", 1L), Map.entry("REQUIRE_APPROVAL", 0L), Map.entry("OTHER", 0L));
  }

  @Test
  void countingTracesOfKnownSeriesAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    RequestMetrics metrics = new RequestMetrics();
    List<Trace> batch = List.of(allow("default", "slack"),
        trace("default", "github", "DENY", "DENY", "WRITE", 30, -1, "SECRET_DETECTED"),
        trace("staging", "openai", "ALLOW", "ALLOW", "WRITE", 300, 800, "UPSTREAM_TIMEOUT"));
    long thread = Thread.currentThread().getId();
    // Interpreted code allocates where compiled code does not (the metrics library included), so
    // rounds repeat until the JIT has done its work; a key object per lookup never gets there.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long least = Long.MAX_VALUE;
    while (least > 1024 && System.nanoTime() < deadline) {
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 50_000; i++) {
        metrics.observe(batch);
      }
      least = Math.min(least, threads.getThreadAllocatedBytes(thread) - before);
    }
    assertThat(least).as("bytes allocated counting 150,000 traces").isLessThanOrEqualTo(1024);
  }

  static MetricSamples scrape(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return MetricSamples.parse(out.toString(StandardCharsets.UTF_8));
  }
}
