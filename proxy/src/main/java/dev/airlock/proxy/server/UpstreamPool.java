package dev.airlock.proxy.server;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive upstream connections, per event loop, shared by every agent connection on that
 * loop: a new agent connection then pays for its own TLS handshake only, not for a second one
 * upstream. Only touched on its event loop's thread, so it needs no locking.
 */
public final class UpstreamPool {
  /** What makes two upstream connections interchangeable. */
  record Key(Target target, InetSocketAddress address) {}

  private static final int MAX_IDLE_PER_KEY = 64;

  private final FastThreadLocal<Map<Key, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
    @Override
    protected Map<Key, ArrayDeque<Channel>> initialValue() {
      return new HashMap<>();
    }
  };

  public UpstreamPool() {}

  /** An idle, still-open connection for key on the calling event loop, or null. */
  Channel take(Key key) {
    ArrayDeque<Channel> q = idle.get().get(key);
    while (q != null && !q.isEmpty()) {
      Channel c = q.pollLast();
      if (c.isActive()) {
        return c;
      }
    }
    return null;
  }

  /** Parks a connection whose last response completed with keep-alive. */
  void offer(Key key, Channel c) {
    if (!c.isActive() || !c.eventLoop().inEventLoop()) {
      c.close();
      return;
    }
    ArrayDeque<Channel> q = idle.get().computeIfAbsent(key, k -> new ArrayDeque<>());
    if (q.size() >= MAX_IDLE_PER_KEY) {
      c.close();
      return;
    }
    q.addLast(c);
    c.closeFuture().addListener(f -> q.remove(c));
  }
}
