package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.metrics.MetricSamples;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /metrics and /api/v1/status. */
class AdminServerMetricsTest extends AdminServerTestBase {
  @Test
  void metricsAreOpenAndInThePrometheusTextFormat() throws Exception {
    requestMetrics.observe(List.of(trace("default", "bot", "slack", "DENY", Instant.now()),
        trace("default", "bot", "slack", "ALLOW", Instant.now())));

    HttpResponse<String> r = get("/metrics", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body())
        .contains("# TYPE airlock_requests_total counter")
        .contains("# TYPE airlock_policy_decision_seconds histogram")
        .contains("# TYPE airlock_upstream_response_seconds histogram")
        .contains("# TYPE airlock_agent_connections_active gauge")
        .contains("# TYPE airlock_agent_connections_opened_total counter")
        .contains("# TYPE airlock_agent_tls_handshakes_total counter")
        .contains("# TYPE airlock_cert_cache_hits_total counter")
        .contains("# TYPE airlock_cert_cache_misses_total counter")
        .contains("# TYPE airlock_leaf_cache_misses_total counter")
        .contains("# TYPE airlock_trace_spool_bytes gauge")
        .contains("# TYPE airlock_trace_queue_depth gauge")
        .contains("# TYPE airlock_traces_dropped_total counter")
        .contains("# TYPE airlock_traces_written_total counter")
        .contains("airlock_build_info{version=")
        .contains("jvm_memory_used_bytes")
        .contains("process_cpu_seconds_total");
    MetricSamples samples = MetricSamples.parse(r.body());
    assertThat(samples.value("airlock_requests_total", "decision", "DENY", "enforced", "DENY", "env", "default",
        "tool", "slack")).isGreaterThanOrEqualTo(1);
    assertThat(samples.value("airlock_policy_decision_seconds_count")).isGreaterThanOrEqualTo(2);
    assertThat(samples.value("airlock_agent_tls_handshakes_total", "result", "failure")).isZero();
  }

  @Test
  void metricsInOpenMetricsWhenAskedAndInTextWhenProtobufIsAsked() throws Exception {
    HttpResponse<String> open = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/openmetrics-text"));
    assertThat(open.body()).contains("# TYPE airlock_agent_connections_opened counter")
        .contains("airlock_agent_connections_opened_total 0").endsWith("# EOF\n");

    // What Prometheus sends with native histograms on: protobuf first. This build writes text.
    HttpResponse<String> proto = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
            + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(proto.statusCode()).isEqualTo(200);
    assertThat(proto.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(proto.body()).contains("# TYPE airlock_agent_connections_opened_total counter");

    assertThat(call("POST", "/metrics", null, "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void statusSummarizesTheNodeForTokenHolders() throws Exception {
    assertThat(get("/api/v1/status", null).statusCode()).isEqualTo(401);
    requestMetrics.observe(List.of(trace("default", "bot", "github", "DENY", Instant.now())));

    HttpResponse<String> r = get("/api/v1/status", bearer());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode status = json.readTree(r.body()).get("data");
    assertThat(status.get("version").asText()).isNotBlank();
    assertThat(Instant.parse(status.get("started_at").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(status.get("uptime_seconds").asLong()).isNotNegative();
    assertThat(status.get("proxy_listen").asText()).isEqualTo("127.0.0.1:3128");
    assertThat(status.get("admin_listen").asText()).isEqualTo("127.0.0.1:" + server.port());
    assertThat(status.get("database").asText()).isEqualTo("ready");
    assertThat(status.at("/connections/active").asLong()).isZero();
    assertThat(status.at("/requests/by_decision/DENY").asLong()).isPositive();
    assertThat(status.at("/requests/total").asLong())
        .isEqualTo(requestMetrics.byDecision().values().stream().mapToLong(Long::longValue).sum());
    assertThat(status.at("/tls/agent_handshake_failures").asLong()).isZero();
    assertThat(status.at("/cert_cache/hit_ratio").isNull()).isTrue();
    assertThat(status.at("/traces/spool_bytes").asLong()).isZero();
    assertThat(json.readTree(r.body()).at("/meta/request_id").asText()).startsWith("req_");
    assertError(post("/api/v1/status", bearer(), "{}"), 405, "method_not_allowed", null);
  }

}
