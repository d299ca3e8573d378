package dev.airlock.proxy.server;

import dev.airlock.proxy.config.ProxyConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The connection caps in force, checked against the process's file-descriptor limit once at
 * start: each agent connection may hold two descriptors (its own and an upstream one), and a
 * reserve stays free for the database, the admin API, pooled upstream connections and the JVM,
 * so no number of connections — least of all unauthenticated ones — can exhaust descriptors.
 *
 * @param maxConnections agent connections open at once
 * @param maxUnauthenticated connections that have not authenticated yet
 * @param maxUnauthenticatedPerSource of those, from one source address
 * @param maxPerAgent concurrent connections of one agent
 * @param descriptorLimit the descriptor limit the caps were checked against (0 when unknown)
 */
public record ConnectionCaps(
    int maxConnections, int maxUnauthenticated, int maxUnauthenticatedPerSource, int maxPerAgent,
    long descriptorLimit) {

  /** Descriptors kept out of the agent-connection budget. */
  static final int RESERVED_DESCRIPTORS = 256;
  /** Descriptors one agent connection may hold: the agent's socket and an upstream socket. */
  static final int DESCRIPTORS_PER_CONNECTION = 2;
  static final int DEFAULT_PER_SOURCE = 256;
  /** The connection budget where the descriptor limit cannot be read. */
  static final int UNKNOWN_LIMIT_CONNECTIONS = 16_384;

  /**
   * Caps from the configured limits (0 = derive) and the descriptor limit (0 = unknown).
   *
   * @throws IllegalArgumentException naming the option when the caps cannot fit
   */
  public static ConnectionCaps resolve(ProxyConfig.Limits limits, long descriptorLimit) {
    long budget = descriptorLimit > 0
        ? (descriptorLimit - RESERVED_DESCRIPTORS) / DESCRIPTORS_PER_CONNECTION : UNKNOWN_LIMIT_CONNECTIONS;
    budget = Math.min(budget, Integer.MAX_VALUE);
    if (budget < 1) {
      throw new IllegalArgumentException("max_connections: ulimit -n is " + descriptorLimit + ", which leaves no "
          + "file descriptors for agent connections (" + RESERVED_DESCRIPTORS + " reserved, "
          + DESCRIPTORS_PER_CONNECTION + " per connection); raise ulimit -n");
    }
    int total = limits.maxConnections() > 0 ? limits.maxConnections() : (int) budget;
    if (descriptorLimit > 0 && total > budget) {
      throw new IllegalArgumentException("max_connections: " + total + " needs "
          + ((long) total * DESCRIPTORS_PER_CONNECTION + RESERVED_DESCRIPTORS) + " file descriptors ("
          + DESCRIPTORS_PER_CONNECTION + " per connection, " + RESERVED_DESCRIPTORS + " reserved) but ulimit -n is "
          + descriptorLimit + " (expected: <= " + budget + ", or raise ulimit -n)");
    }
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
        Math.max(0, descriptorLimit));
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
        + maxUnauthenticatedPerSource + " per source address), " + maxPerAgent + " per agent"
        + (descriptorLimit > 0 ? " (ulimit -n " + descriptorLimit + ")" : "");
  }
}
