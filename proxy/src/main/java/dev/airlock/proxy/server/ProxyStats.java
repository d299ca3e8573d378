package dev.airlock.proxy.server;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Data-plane counters, and the once-per-host log of agents that reject our certificate. */
public final class ProxyStats {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyStats.class);

  private final LongAdder activeConnections = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder refusedConnections = new LongAdder();
  private final LongAdder clientTlsFailures = new LongAdder();
  private final LongAdder clientTlsHandshakes = new LongAdder();
  private final Set<String> tlsFailureHosts = ConcurrentHashMap.newKeySet();

  void connectionOpened() {
    activeConnections.increment();
  }

  void connectionClosed() {
    activeConnections.decrement();
  }

  /** A connection closed at accept for being over a connection cap. */
  void connectionRefused() {
    refusedConnections.increment();
  }

  void request() {
    requests.increment();
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
        "refused_connections", refusedConnections.sum(),
        "client_tls_handshakes", clientTlsHandshakes.sum(),
        "client_tls_failures", clientTlsFailures.sum());
  }
}
