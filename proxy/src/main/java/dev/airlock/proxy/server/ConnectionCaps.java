package dev.airlock.proxy.server;

import dev.airlock.proxy.config.ProxyConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The connection caps in force, checked against the process's file-descriptor limit once at
 * start. The descriptors left after a reserve (database, admin API, JVM) are split between agent
 * connections (one descriptor each) and upstream connections (one each, in use or pooled), each
 * side with its own cap, so no number of connections — least of all unauthenticated ones — can
 * exhaust descriptors, while idle agent connections cost one descriptor, not two.
 *
 * @param maxConnections agent connections open at once
 * @param maxUnauthenticated connections that have not authenticated yet
 * @param maxUnauthenticatedPerSource of those, from one source address
 * @param maxPerAgent concurrent connections of one agent
 * @param descriptorLimit the descriptor limit the caps were checked against (0 when unknown)
 * @param maxUpstream upstream connections open at once (in use or pooled)
 */
public record ConnectionCaps(
    int maxConnections, int maxUnauthenticated, int maxUnauthenticatedPerSource, int maxPerAgent,
    long descriptorLimit, int maxUpstream) {

  /** Descriptors kept out of the connection budget. */
  static final int RESERVED_DESCRIPTORS = 256;
  /** Of the budget, the share of agent connections when max_connections is derived (the rest is upstream). */
  static final double AGENT_SHARE = 0.6;
  /** Upstream connections that must stay possible whatever max_connections says. */
  static final int MIN_UPSTREAM = 64;
  static final int DEFAULT_PER_SOURCE = 256;
  /** The connection budget where the descriptor limit cannot be read. */
  static final int UNKNOWN_LIMIT_CONNECTIONS = 16_384;

  /** Caps without an upstream cap (embedded data planes and tests). */
  public ConnectionCaps(int maxConnections, int maxUnauthenticated, int maxUnauthenticatedPerSource, int maxPerAgent,
      long descriptorLimit) {
    this(maxConnections, maxUnauthenticated, maxUnauthenticatedPerSource, maxPerAgent, descriptorLimit,
        Integer.MAX_VALUE);
  }

  /**
   * Caps from the configured limits (0 = derive) and the descriptor limit (0 = unknown).
   *
   * @throws IllegalArgumentException naming the option when the caps cannot fit
   */
  public static ConnectionCaps resolve(ProxyConfig.Limits limits, long descriptorLimit) {
    long budget = descriptorLimit > 0 ? descriptorLimit - RESERVED_DESCRIPTORS : 2L * UNKNOWN_LIMIT_CONNECTIONS;
    budget = Math.min(budget, Integer.MAX_VALUE);
    if (budget < MIN_UPSTREAM + 1) {
      throw new IllegalArgumentException("max_connections: ulimit -n is " + descriptorLimit + ", which leaves no "
          + "file descriptors for connections (" + RESERVED_DESCRIPTORS + " reserved); raise ulimit -n");
    }
    int total = limits.maxConnections() > 0 ? limits.maxConnections()
        : descriptorLimit > 0 ? (int) (budget * AGENT_SHARE) : UNKNOWN_LIMIT_CONNECTIONS;
    if (total > budget - MIN_UPSTREAM) {
      throw new IllegalArgumentException("max_connections: " + total + " leaves " + (budget - total)
          + " file descriptors for upstream connections (ulimit -n " + descriptorLimit + ", "
          + RESERVED_DESCRIPTORS + " reserved, at least " + MIN_UPSTREAM + " upstream) (expected: <= "
          + (budget - MIN_UPSTREAM) + ", or raise ulimit -n)");
    }
    int upstream = (int) (budget - total);
    int unauthenticated = limits.maxUnauthenticatedConnections() > 0
        ? limits.maxUnauthenticatedConnections() : Math.max(1, total / 4);
    if (unauthenticated > total) {
      throw new IllegalArgumentException("max_unauthenticated_connections: " + unauthenticated
          + " (expected: <= max_connections " + total + ")");
    }
    int perSource = limits.maxUnauthenticatedPerSource() > 0
        ? limits.maxUnauthenticatedPerSource() : Math.min(DEFAULT_PER_SOURCE, unauthenticated);
    if (perSource > unauthenticated) {
      throw new IllegalArgumentException("max_unauthenticated_per_source: " + perSource
          + " (expected: <= max_unauthenticated_connections " + unauthenticated + ")");
    }
    return new ConnectionCaps(total, unauthenticated, perSource, limits.maxConnectionsPerAgent(),
        Math.max(0, descriptorLimit), upstream);
  }

  /** Only the per-agent cap: for a data plane embedded in tests. */
  public static ConnectionCaps perAgentOnly(int maxPerAgent) {
    return new ConnectionCaps(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, maxPerAgent, 0);
  }

  /** The most descriptors this process may open, or 0 when the platform does not say. */
  public static long processDescriptorLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      return max > 0 && max < Long.MAX_VALUE ? max : 0;
    }
    return 0;
  }

  /** One line for the start-up log. */
  public String describe() {
    return "up to " + maxConnections + " agent connections, " + maxUnauthenticated + " of them unauthenticated ("
        + maxUnauthenticatedPerSource + " per source address), " + maxPerAgent + " per agent, and "
        + maxUpstream + " upstream connections"
        + (descriptorLimit > 0 ? " (ulimit -n " + descriptorLimit + ")" : "");
  }
}
