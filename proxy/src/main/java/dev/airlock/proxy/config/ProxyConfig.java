package dev.airlock.proxy.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Data-plane settings, validated once at startup and immutable afterwards.
 *
 * @param listenHost address the proxy binds
 * @param listenPort port the proxy binds (0 = pick a free one)
 * @param inspectMaxBytes request bodies up to this size are buffered and inspected
 * @param oversizePolicy what happens to larger bodies
 * @param allowedPorts ports CONNECT may target
 * @param passthroughHosts host globs tunnelled without interception
 * @param allowPrivate ranges exempt from the destination guard
 * @param connectTo operator-configured upstream address overrides
 * @param upstreamTrust extra PEM bundle of CAs trusted for upstream servers (or null)
 * @param timeouts connection timeouts
 * @param limits header and connection limits
 * @param orgDomains the tenant's own email/web domains
 * @param orgGithubOwners the tenant's own GitHub owners
 * @param toolsDir operator tool catalog directory (or null)
 */
public record ProxyConfig(
    String listenHost,
    int listenPort,
    long inspectMaxBytes,
    OversizePolicy oversizePolicy,
    Set<Integer> allowedPorts,
    List<String> passthroughHosts,
    List<Cidr> allowPrivate,
    List<ConnectTo> connectTo,
    Path upstreamTrust,
    Timeouts timeouts,
    Limits limits,
    Set<String> orgDomains,
    Set<String> orgGithubOwners,
    Path toolsDir) {

  public static final long DEFAULT_INSPECT_MAX_BYTES = 1024 * 1024;

  public ProxyConfig {
    requireNonNull(listenHost, "listenHost");
    requireNonNull(oversizePolicy, "oversizePolicy");
    requireNonNull(timeouts, "timeouts");
    requireNonNull(limits, "limits");
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("proxy port: " + listenPort + " (expected: 0..65535)");
    }
    if (inspectMaxBytes < 0 || inspectMaxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("inspect_max_bytes: " + inspectMaxBytes + " (expected: 0..2147483639)");
    }
    for (int p : allowedPorts) {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("allowed_ports: " + p + " (expected: 1..65535)");
      }
    }
    allowedPorts = Set.copyOf(allowedPorts);
    passthroughHosts = List.copyOf(passthroughHosts);
    allowPrivate = List.copyOf(allowPrivate);
    connectTo = List.copyOf(connectTo);
    orgDomains = Set.copyOf(orgDomains);
    orgGithubOwners = Set.copyOf(orgGithubOwners);
  }

  /** Defaults: 127.0.0.1:3128, 1 MiB inspection, deny oversize, ports 443/80/8443. */
  public static ProxyConfig defaults() {
    return new ProxyConfig(
        "127.0.0.1", 3128, DEFAULT_INSPECT_MAX_BYTES, OversizePolicy.DENY, Set.of(443, 80, 8443),
        List.of(), List.of(), List.of(), null, Timeouts.defaults(), Limits.defaults(), Set.of(), Set.of(), null);
  }

  public ProxyConfig withListen(String host, int port) {
    return new ProxyConfig(host, port, inspectMaxBytes, oversizePolicy, allowedPorts, passthroughHosts, allowPrivate,
        connectTo, upstreamTrust, timeouts, limits, orgDomains, orgGithubOwners, toolsDir);
  }

  /** Connection timeouts. */
  public record Timeouts(Duration connect, Duration tlsHandshake, Duration idle, Duration headerRead, Duration upstreamResponse) {
    public Timeouts {
      positive("connect_timeout", connect);
      positive("tls_handshake_timeout", tlsHandshake);
      positive("idle_timeout", idle);
      positive("header_read_timeout", headerRead);
      positive("upstream_response_timeout", upstreamResponse);
    }

    public static Timeouts defaults() {
      return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5),
          Duration.ofSeconds(30), Duration.ofSeconds(120));
    }

    private static void positive(String name, Duration d) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
      }
    }
  }

  /**
   * Request size limits, the per-agent connection cap, the number of I/O threads and the idle
   * upstream connection pool.
   *
   * @param ioThreads event-loop threads serving agent and upstream connections; 0 means one per
   *     available core (more threads than cores only adds context switches on a CPU-bound proxy)
   * @param maxIdleUpstream idle keep-alive upstream connections kept for reuse by the whole node
   *     (shared out evenly between the I/O threads); 0 closes each upstream connection after its
   *     response
   */
  public record Limits(int maxInitialLineBytes, int maxHeaderBytes, int maxHeaderCount, int maxConnectionsPerAgent,
      int ioThreads, int maxIdleUpstream) {
    public static final int DEFAULT_MAX_IDLE_UPSTREAM = 1024;

    public Limits {
      atLeast("max_uri_length", maxInitialLineBytes, 256);
      atLeast("max_header_bytes", maxHeaderBytes, 1024);
      atLeast("max_header_count", maxHeaderCount, 8);
      atLeast("max_connections_per_agent", maxConnectionsPerAgent, 1);
      atLeast("io_threads", ioThreads, 0);
      if (ioThreads > 1024) {
        throw new IllegalArgumentException("io_threads: " + ioThreads + " (expected: 0..1024, 0 = one per core)");
      }
      if (maxIdleUpstream < 0 || maxIdleUpstream > 1_000_000) {
        throw new IllegalArgumentException("max_idle_upstream: " + maxIdleUpstream + " (expected: 0..1000000)");
      }
    }

    public Limits(int maxInitialLineBytes, int maxHeaderBytes, int maxHeaderCount, int maxConnectionsPerAgent,
        int ioThreads) {
      this(maxInitialLineBytes, maxHeaderBytes, maxHeaderCount, maxConnectionsPerAgent, ioThreads,
          DEFAULT_MAX_IDLE_UPSTREAM);
    }

    public Limits(int maxInitialLineBytes, int maxHeaderBytes, int maxHeaderCount, int maxConnectionsPerAgent) {
      this(maxInitialLineBytes, maxHeaderBytes, maxHeaderCount, maxConnectionsPerAgent, 0);
    }

    public static Limits defaults() {
      return new Limits(8192, 32 * 1024, 100, 1024, 0, DEFAULT_MAX_IDLE_UPSTREAM);
    }

    /** The thread count to start: {@link #ioThreads}, or the available cores when it is 0. */
    public int effectiveIoThreads() {
      return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    private static void atLeast(String name, int v, int min) {
      if (v < min) {
        throw new IllegalArgumentException(name + ": " + v + " (expected: >= " + min + ")");
      }
    }
  }
}
