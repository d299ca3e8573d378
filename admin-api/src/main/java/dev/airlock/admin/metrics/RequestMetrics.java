package dev.airlock.admin.metrics;

import dev.airlock.admin.store.TraceObserver;
import dev.airlock.proxy.trace.Trace;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request metrics counted from the trace stream: fed a batch at a time by the trace writer's
 * thread, so the proxy's event loops never touch a labelled series. Data points are cached per
 * (env, tool) label pair, so counting a trace allocates nothing once its series exist.
 */
public final class RequestMetrics implements TraceObserver {
  static final int MAX_TOOLS = 500;
  static final int MAX_ENVS = 100;
  static final int MAX_UPSTREAM_ERRORS = 20;
  static final String UPSTREAM_ERROR_PREFIX = "UPSTREAM_";

  /** Decisions in label order; anything else counts as the last entry. */
  static final List<String> DECISIONS = List.of("ALLOW", "SANITIZE", "DENY", "REQUIRE_APPROVAL", "OTHER");

  // From a few microseconds (a bodiless request) to a large body scanned for a while.
  private static final double[] POLICY_BUCKETS = {
    0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5,
    0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25
  };
  // Upstream times are whole milliseconds: from a local service to a slow LLM completion.
  private static final double[] UPSTREAM_BUCKETS = {
    0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  private final Counter requests;
  private final Histogram policyLatency;
  private final Histogram upstreamLatency;
  private final Counter upstreamErrors;
  private final BoundedLabelValues envs = new BoundedLabelValues(MAX_ENVS);
  private final BoundedLabelValues tools = new BoundedLabelValues(MAX_TOOLS);
  private final BoundedLabelValues errorReasons = new BoundedLabelValues(MAX_UPSTREAM_ERRORS);
  private final Map<String, Map<String, AtomicReferenceArray<CounterDataPoint>>> points =
      new ConcurrentHashMap<>();
  private final Map<String, CounterDataPoint> errorPoints = new ConcurrentHashMap<>();
  private final LongAdder[] byDecision = new LongAdder[DECISIONS.size()];

  /** Exemplars are off throughout: there is no tracing to link, and sampling costs per update. */
  public RequestMetrics() {
    requests =
        Counter.builder()
            .name("airlock_requests_total")
            .help("Requests handled (one per trace), by policy decision, enforced action, tool and"
                + " environment. Tools beyond the first " + MAX_TOOLS + " count as tool=\"other\".")
            .labelNames("decision", "enforced", "tool", "env")
            .withoutExemplars()
            .build();
    policyLatency =
        Histogram.builder()
            .name("airlock_policy_decision_seconds")
            .help("Time spent inspecting and deciding a request (normalization, detectors, policy);"
                + " requests refused before a decision (bad credentials, malformed) are not observed.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(POLICY_BUCKETS)
            .withoutExemplars()
            .build();
    upstreamLatency =
        Histogram.builder()
            .name("airlock_upstream_response_seconds")
            .help("Time from sending a request upstream to receiving the response headers.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(UPSTREAM_BUCKETS)
            .withoutExemplars()
            .build();
    upstreamErrors =
        Counter.builder()
            .name("airlock_upstream_errors_total")
            .help("Requests that failed upstream, by reason (UPSTREAM_TLS_ERROR,"
                + " UPSTREAM_CONNECT_FAILED, UPSTREAM_TIMEOUT, ...).")
            .labelNames("reason")
            .withoutExemplars()
            .build();
    for (int i = 0; i < byDecision.length; i++) {
      byDecision[i] = new LongAdder();
    }
  }

  void register(PrometheusRegistry registry) {
    registry.register(requests);
    registry.register(policyLatency);
    registry.register(upstreamLatency);
    registry.register(upstreamErrors);
  }

  @Override
  public void observe(List<Trace> batch) {
    for (int i = 0, n = batch.size(); i < n; i++) {
      count(batch.get(i));
    }
  }

  /** Requests counted since start, by decision (in {@link #DECISIONS} order, zeros included). */
  public Map<String, Long> byDecision() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < byDecision.length; i++) {
      out.put(DECISIONS.get(i), byDecision[i].sum());
    }
    return out;
  }

  /** Upstream failures counted since start, by reason. */
  public Map<String, Long> upstreamErrors() {
    Map<String, Long> out = new LinkedHashMap<>();
    errorPoints.forEach((reason, point) -> out.put(reason, point.getLongValue()));
    return out;
  }

  private void count(Trace t) {
    int decision = decisionIndex(t.decision());
    int enforced = decisionIndex(t.enforcedAction());
    byDecision[decision].increment();
    requestPoint(orEmpty(t.env()), orEmpty(t.tool()), decision, enforced).inc();
    if (t.verb() != null && !t.verb().isEmpty()) {
      policyLatency.observe(t.policyMicros() / 1_000_000.0);
    }
    if (t.upstreamMillis() >= 0) {
      upstreamLatency.observe(t.upstreamMillis() / 1_000.0);
    }
    List<String> reasons = t.reasons();
    for (int i = 0, n = reasons.size(); i < n; i++) {
      String reason = reasons.get(i);
      if (reason.startsWith(UPSTREAM_ERROR_PREFIX)) {
        errorPoint(reason).inc();
      }
    }
  }

  private CounterDataPoint requestPoint(String rawEnv, String rawTool, int decision, int enforced) {
    String env = envs.admit(rawEnv);
    String tool = tools.admit(rawTool);
    Map<String, AtomicReferenceArray<CounterDataPoint>> ofEnv = points.get(env);
    if (ofEnv == null) {
      ofEnv = points.computeIfAbsent(env, k -> new ConcurrentHashMap<>());
    }
    AtomicReferenceArray<CounterDataPoint> slots = ofEnv.get(tool);
    if (slots == null) {
      slots = ofEnv.computeIfAbsent(tool, k -> new AtomicReferenceArray<>(DECISIONS.size() * DECISIONS.size()));
    }
    int slot = decision * DECISIONS.size() + enforced;
    CounterDataPoint point = slots.get(slot);
    if (point == null) {
      // labelValues returns the same data point for the same labels, so a race here is harmless.
      point = requests.labelValues(DECISIONS.get(decision), DECISIONS.get(enforced), tool, env);
      slots.set(slot, point);
    }
    return point;
  }

  private CounterDataPoint errorPoint(String rawReason) {
    String reason = errorReasons.admit(rawReason);
    CounterDataPoint point = errorPoints.get(reason);
    return point != null ? point : errorPoints.computeIfAbsent(reason, upstreamErrors::labelValues);
  }

  private static int decisionIndex(String decision) {
    if (decision == null) {
      return DECISIONS.size() - 1;
    }
    return switch (decision) {
      case "ALLOW" -> 0;
      case "SANITIZE" -> 1;
      case "DENY" -> 2;
      case "REQUIRE_APPROVAL" -> 3;
      default -> DECISIONS.size() - 1;
    };
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
