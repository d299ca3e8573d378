package dev.airlock.proxy.server;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-plane counters, the once-per-host log of agents that reject our certificate, and whether
 * the node is draining before a stop (every response head then says {@code Connection: close}).
 */
public final class ProxyStats {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyStats.class);

  private final LongAdder activeConnections = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder clientTlsFailures = new LongAdder();
  private final LongAdder clientTlsHandshakes = new LongAdder();
  private final Set<String> tlsFailureHosts = ConcurrentHashMap.newKeySet();
  private final LongAdder exchangesInProgress = new LongAdder();
  private volatile boolean draining;

  void connectionOpened() {
    activeConnections.increment();
  }

  void connectionClosed() {
    activeConnections.decrement();
  }

  void request() {
    requests.increment();
  }

  void exchangeStarted() {
    exchangesInProgress.increment();
  }

  void exchangeEnded() {
    exchangesInProgress.decrement();
  }

  /** Agent requests accepted and not yet answered in full (or abandoned). */
  public long exchangesInProgress() {
    return exchangesInProgress.sum();
  }

  void startDraining() {
    draining = true;
  }

  /** True once the node stops: connections close after their current exchange. */
  boolean draining() {
    return draining;
  }

  void clientHandshake() {
    clientTlsHandshakes.increment();
  }

  /** Counts a failed client handshake; logs the first failure per host only. */
  void clientTlsFailure(String host, Throwable cause) {
    clientTlsFailures.increment();
    if (tlsFailureHosts.size() < 10_000 && tlsFailureHosts.add(host)) {
      LOG.warn("TLS handshake with an agent failed for {} ({}); does the agent trust the Airlock CA? "
          + "Further failures for this host are counted, not logged.", host, cause.getMessage());
    }
  }

  public Map<String, Long> snapshot() {
    return Map.of(
        "active_connections", activeConnections.sum(),
        "requests", requests.sum(),
        "client_tls_handshakes", clientTlsHandshakes.sum(),
        "client_tls_failures", clientTlsFailures.sum());
  }
}
