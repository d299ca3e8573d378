package dev.airlock.admin.metrics;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.alerts.AlertStats;

import dev.airlock.admin.store.TraceWriter;
import dev.airlock.certs.LeafCache;
import dev.airlock.proxy.exfil.ResponseFingerprinter;
import dev.airlock.proxy.server.MitmContexts;
import dev.airlock.proxy.server.ProxyStats;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

/**
 * All metrics of one node in its own registry: the request metrics counted from traces, and
 * callback metrics that read the data plane's, certificate caches' and trace writer's plain
 * counters at scrape time (so those parts need no metrics library and pay nothing per request).
 */
public final class NodeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats;
  private final RequestMetrics requests;
  private final ProxyStats proxy;
  private final MitmContexts tlsContexts;
  private final LeafCache leaves;
  private final TraceWriter traces;

  /**
   * @param tlsContexts per-host TLS contexts, the cache every intercepted connection consults
   * @param leaves leaf certificates behind those contexts (consulted on a context miss only)
   */
  public NodeMetrics(
      RequestMetrics requests,
      ProxyStats proxy,
      MitmContexts tlsContexts,
      LeafCache leaves,
      TraceWriter traces) {
    this.requests = requireNonNull(requests, "requests");
    this.proxy = requireNonNull(proxy, "proxy");
    this.tlsContexts = requireNonNull(tlsContexts, "tlsContexts");
    this.leaves = requireNonNull(leaves, "leaves");
    this.traces = requireNonNull(traces, "traces");
    PrometheusProperties properties = PrometheusProperties.get();
    this.formats = ExpositionFormats.init(properties);
    requests.register(registry);
    registerBuildInfo();
    registerConnections();
    registerCertificateCaches();
    registerTraceWriter();
    registerJvm(properties);
  }

  /**
   * The current values in the format the {@code Accept} header asks for: OpenMetrics when asked,
   * else the Prometheus text format (also when protobuf is asked, which this build cannot write).
   */
  public Exposition scrape(String accept) {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    if (!writer.isAvailable()) {
      writer = formats.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return new Exposition(writer.getContentType(), out.toByteArray());
  }

  public RequestMetrics requests() {
    return requests;
  }

  public ProxyStats proxy() {
    return proxy;
  }

  public MitmContexts tlsContexts() {
    return tlsContexts;
  }

  public TraceWriter traces() {
    return traces;
  }

  private void registerBuildInfo() {
    Info info = Info.builder().name("airlock_build_info").help("The running Airlock version.")
        .labelNames("version").register(registry);
    info.setLabelValues(BuildVersion.current());
  }

  private void registerConnections() {
    gauge("airlock_agent_connections_active", "Agent connections open now.",
        proxy::activeConnections);
    counter("airlock_agent_connections_opened_total", "Agent connections accepted.",
        proxy::openedConnections);
    CounterWithCallback.builder()
        .name("airlock_agent_tls_handshakes_total")
        .help("TLS handshakes with agents inside CONNECT tunnels, by result; failures mostly mean"
            + " the agent does not trust the Airlock CA.")
        .labelNames("result")
        .callback(cb -> {
          cb.call(proxy.clientTlsHandshakes(), "success");
          cb.call(proxy.clientTlsFailures(), "failure");
        })
        .register(registry);
  }

  /** Adds the counters of response scanning (read-then-write detection); returns this. */
  public NodeMetrics withResponseScans(ResponseFingerprinter scanner) {
    requireNonNull(scanner, "scanner");
    counter("airlock_response_scans_total", "Response bodies (or batches of stream events) scanned for sensitive data.",
        scanner::scanned);
    counter("airlock_response_scans_dropped_total",
        "Response bodies not scanned because the response scanner was saturated.", scanner::dropped);
    counter("airlock_response_values_found_total",
        "Sensitive values found in responses and remembered (as fingerprints) for the agent that read them.",
        scanner::valuesFound);
    return this;
  }

  /** Adds the counters of incident detection; returns this. */
  public NodeMetrics withIncidentDetection(dev.airlock.admin.incidents.IncidentDetector detector) {
    requireNonNull(detector, "detector");
    counter("airlock_incident_events_dropped_total",
        "Incident trigger events lost: the backlog in front of the database was full.", detector::dropped);
    gauge("airlock_incident_queue_depth", "Incident trigger events waiting in memory for the database.",
        detector::queued);
    return this;
  }

  /** Adds the counters of alert publishing and delivery; returns this. */
  public NodeMetrics withAlerts(AlertStats alerts) {
    requireNonNull(alerts, "alerts");
    counter("airlock_alert_events_stored_total", "Alert deliveries added to the outbox by this node.",
        alerts::storedEvents);
    counter("airlock_alert_events_dropped_total",
        "Alert events lost because the in-memory queue in front of the outbox was full.", alerts::droppedEvents);
    gauge("airlock_alert_queue_depth", "Alert events waiting in memory for the outbox.", alerts::queuedEvents);
    CounterWithCallback.builder()
        .name("airlock_alert_deliveries_total")
        .help("Alert delivery attempts by channel and outcome (delivered, failed, dead, rate_limited).")
        .labelNames("channel", "outcome")
        .callback(cb -> alerts.deliveries().forEach((k, n) -> cb.call(n, k.channel(), k.outcome())))
        .register(registry);
    return this;
  }

  private void registerCertificateCaches() {
    counter("airlock_cert_cache_hits_total",
        "Intercepted connections whose host certificate (TLS context) was already cached.",
        tlsContexts::hits);
    counter("airlock_cert_cache_misses_total",
        "Intercepted connections that had to prepare a host certificate (TLS context).",
        tlsContexts::misses);
    gauge("airlock_cert_cache_entries", "Hosts with a cached TLS context.", tlsContexts::size);
    counter("airlock_leaf_cache_hits_total",
        "Certificate cache misses served from an already minted leaf certificate.", leaves::hits);
    counter("airlock_leaf_cache_misses_total",
        "Leaf certificates minted (certificate cache misses with no usable leaf).", leaves::misses);
    gauge("airlock_leaf_cache_entries", "Leaf certificates held.", leaves::size);
  }

  private void registerTraceWriter() {
    counter("airlock_traces_written_total",
        "Traces inserted into the database, including those replayed from the spool.",
        traces::writtenCount);
    counter("airlock_traces_spooled_total",
        "Traces written to the disk spool because the database was slow or down.",
        traces::spooledCount);
    counter("airlock_traces_dropped_total",
        "Traces lost because the disk spool was full.", traces::droppedCount);
    gauge("airlock_trace_queue_depth", "Traces waiting in memory for the trace writer.",
        traces::queued);
    GaugeWithCallback.builder()
        .name("airlock_trace_spool_bytes")
        .help("Bytes of traces waiting in the disk spool for the database.")
        .unit(Unit.BYTES)
        .callback(cb -> cb.call(traces.spooledBytes()))
        .register(registry);
  }

  /**
   * The JVM and process collectors one by one rather than through {@code JvmMetrics}, which
   * remembers every registry in a static set and would pin each node's registry for good. The
   * allocation metrics are left out: they add a GC listener that is never removed.
   */
  private void registerJvm(PrometheusProperties properties) {
    JvmThreadsMetrics.builder(properties).register(registry);
    JvmBufferPoolMetrics.builder(properties).register(registry);
    JvmClassLoadingMetrics.builder(properties).register(registry);
    JvmCompilationMetrics.builder(properties).register(registry);
    JvmGarbageCollectorMetrics.builder(properties).register(registry);
    JvmMemoryMetrics.builder(properties).register(registry);
    JvmRuntimeInfoMetric.builder(properties).register(registry);
    ProcessMetrics.builder(properties).register(registry);
  }

  private void counter(String name, String help, LongSupplier value) {
    CounterWithCallback.builder().name(name).help(help)
        .callback(cb -> cb.call(value.getAsLong()))
        .register(registry);
  }

  private void gauge(String name, String help, LongSupplier value) {
    GaugeWithCallback.builder().name(name).help(help)
        .callback(cb -> cb.call(value.getAsLong()))
        .register(registry);
  }
}
