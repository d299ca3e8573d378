package dev.airlock.proxy.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection caps: at accept time (see {@link ConnectionAdmission}), and per agent once a
 * connection has authenticated, so one runaway agent cannot exhaust the proxy. A connection
 * counts for the first agent that authenticates on it, until it closes.
 */
public final class AgentConnectionLimit {
  private static final AttributeKey<String> COUNTED = AttributeKey.valueOf("airlock.counted-agent");

  private final int max;
  private final ConnectionAdmission admission;
  private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

  /** Caps per agent only (for an embedded data plane). */
  public AgentConnectionLimit(int maxPerAgent) {
    this(ConnectionCaps.perAgentOnly(maxPerAgent));
  }

  public AgentConnectionLimit(ConnectionCaps caps) {
    this.max = caps.maxPerAgent();
    this.admission = new ConnectionAdmission(caps);
  }

  /** At accept time: false when the new connection is over a cap and must be closed. */
  boolean accept(Channel ch) {
    return admission.accept(ch);
  }

  /** True when the connection may proceed for this agent (already counted, or under the cap). */
  boolean admit(Channel ch, String agent) {
    if (ch.attr(COUNTED).get() != null) {
      return true;
    }
    AtomicInteger n = open.computeIfAbsent(agent, a -> new AtomicInteger());
    if (n.incrementAndGet() > max) {
      n.decrementAndGet();
      return false;
    }
    ch.attr(COUNTED).set(agent);
    admission.authenticated(ch);
    ch.closeFuture().addListener(f -> {
      n.decrementAndGet();
      open.computeIfPresent(agent, (a, c) -> c.get() <= 0 ? null : c);
    });
    return true;
  }

  int open(String agent) {
    AtomicInteger n = open.get(agent);
    return n == null ? 0 : n.get();
  }

  int max() {
    return max;
  }

  ConnectionAdmission admission() {
    return admission;
  }
}
