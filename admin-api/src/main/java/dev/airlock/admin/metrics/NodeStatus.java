package dev.airlock.admin.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.TraceWriter;
import dev.airlock.proxy.server.MitmContexts;
import dev.airlock.proxy.server.ProxyStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The summary {@code airlock status} prints, as the data of {@code GET /api/v1/status}: what this
 * node is, where it listens, and the headline numbers of its metrics since it started.
 */
public final class NodeStatus {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final NodeMetrics metrics;
  private final String proxyListen;
  private final Clock clock;
  private final Instant startedAt;

  /**
   * @param proxyHost the proxy's listen host
   * @param proxyPort the proxy's bound port
   * @param clock also fixes the start time (now)
   */
  public NodeStatus(NodeMetrics metrics, String proxyHost, int proxyPort, Clock clock) {
    this.metrics = requireNonNull(metrics, "metrics");
    this.proxyListen = authority(requireNonNull(proxyHost, "proxyHost"), proxyPort);
    this.clock = requireNonNull(clock, "clock");
    this.startedAt = clock.instant();
  }

  /** {@code host:port}, with an IPv6 literal in brackets. */
  public static String authority(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /** The status document; {@code databaseReady} is probed by the caller (it is a round trip). */
  public ObjectNode toJson(String adminListen, boolean databaseReady) {
    Instant now = clock.instant();
    ObjectNode out = NODES.objectNode();
    out.put("version", BuildVersion.current());
    out.put("started_at", startedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    out.put("uptime_seconds", Math.max(0, Duration.between(startedAt, now).toSeconds()));
    out.put("proxy_listen", proxyListen);
    out.put("admin_listen", adminListen);
    out.put("database", databaseReady ? "ready" : "unavailable");
    out.set("connections", connections(metrics.proxy()));
    out.set("requests", requests(metrics.requests()));
    out.set("tls", tls(metrics.proxy(), metrics.requests()));
    out.set("cert_cache", certCache(metrics.tlsContexts()));
    out.set("traces", traces(metrics.traces()));
    return out;
  }

  private static ObjectNode connections(ProxyStats proxy) {
    ObjectNode out = NODES.objectNode();
    out.put("active", proxy.activeConnections());
    out.put("opened", proxy.openedConnections());
    return out;
  }

  private static ObjectNode requests(RequestMetrics requests) {
    ObjectNode byDecision = NODES.objectNode();
    long total = 0;
    for (Map.Entry<String, Long> e : requests.byDecision().entrySet()) {
      total += e.getValue();
      if (e.getValue() > 0 || !e.getKey().equals("OTHER")) {
        byDecision.put(e.getKey(), e.getValue());
      }
    }
    ObjectNode out = NODES.objectNode();
    out.put("total", total);
    out.set("by_decision", byDecision);
    return out;
  }

  private static ObjectNode tls(ProxyStats proxy, RequestMetrics requests) {
    ObjectNode out = NODES.objectNode();
    out.put("agent_handshakes", proxy.clientTlsHandshakes());
    out.put("agent_handshake_failures", proxy.clientTlsFailures());
    out.put("upstream_failures", requests.upstreamErrors().getOrDefault("UPSTREAM_TLS_ERROR", 0L));
    return out;
  }

  private static ObjectNode certCache(MitmContexts contexts) {
    long hits = contexts.hits();
    long misses = contexts.misses();
    ObjectNode out = NODES.objectNode();
    out.put("hits", hits);
    out.put("misses", misses);
    if (hits + misses > 0) {
      out.put("hit_ratio", (double) hits / (hits + misses));
    } else {
      out.putNull("hit_ratio");
    }
    out.put("entries", contexts.size());
    return out;
  }

  private static ObjectNode traces(TraceWriter traces) {
    ObjectNode out = NODES.objectNode();
    out.put("queued", traces.queued());
    out.put("spool_bytes", traces.spooledBytes());
    out.put("written", traces.writtenCount());
    out.put("spooled", traces.spooledCount());
    out.put("dropped", traces.droppedCount());
    return out;
  }
}
