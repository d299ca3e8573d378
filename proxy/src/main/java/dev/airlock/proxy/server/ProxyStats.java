package dev.airlock.proxy.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-plane counters, read by the metrics exporter at scrape time, the once-per-host log of
 * agents that reject our certificate, and whether the node is draining before a stop (every
 * response head then says {@code Connection: close}). Updates are {@link LongAdder} increments:
 * cheap enough for the event loops, never a lock or an allocation.
 */
public final class ProxyStats {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyStats.class);

  private final LongAdder activeConnections = new LongAdder();
  private final LongAdder openedConnections = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder refusedConnections = new LongAdder();
  private final LongAdder clientTlsFailures = new LongAdder();
  private final LongAdder clientTlsHandshakes = new LongAdder();
  private final Set<String> tlsFailureHosts = ConcurrentHashMap.newKeySet();
  private final ConnectionCounter connectionCounter = new ConnectionCounter();
  private final LongAdder exchangesInProgress = new LongAdder();
  private volatile boolean draining;

  /**
   * A handler that counts the agent connection it sits on from activation to close. It stays at
   * the head of the pipeline for the connection's whole life, so the count survives the handler
   * swaps of CONNECT tunnels (interception and passthrough replace the HTTP handlers).
   */
  ChannelHandler connectionCounter() {
    return connectionCounter;
  }

  /** A connection closed at accept for being over a connection cap. */
  void connectionRefused() {
    refusedConnections.increment();
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

  /** Agent connections open now. */
  public long activeConnections() {
    return activeConnections.sum();
  }

  /** Agent connections accepted since start. */
  public long openedConnections() {
    return openedConnections.sum();
  }

  /** HTTP requests (including CONNECT) read from agents since start. */
  public long requests() {
    return requests.sum();
  }

  /** TLS handshakes with agents (intercepted tunnels) that succeeded. */
  public long clientTlsHandshakes() {
    return clientTlsHandshakes.sum();
  }

  /** TLS handshakes with agents that failed (most often: the agent does not trust the CA). */
  public long clientTlsFailures() {
    return clientTlsFailures.sum();
  }

  public Map<String, Long> snapshot() {
    return Map.of(
        "active_connections", activeConnections(),
        "opened_connections", openedConnections(),
        "refused_connections", refusedConnections.sum(),
        "requests", requests(),
        "client_tls_handshakes", clientTlsHandshakes(),
        "client_tls_failures", clientTlsFailures());
  }

  @ChannelHandler.Sharable
  private final class ConnectionCounter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      openedConnections.increment();
      activeConnections.increment();
      ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      activeConnections.decrement();
      ctx.fireChannelInactive();
    }
  }
}
