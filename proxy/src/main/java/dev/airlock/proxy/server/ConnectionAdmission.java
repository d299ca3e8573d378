package dev.airlock.proxy.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits new agent connections at accept time against the caps: all connections, those not
 * authenticated yet, and those not authenticated yet per source address. A connection over a cap
 * is closed at once, before it costs anything more than its accept. It leaves the unauthenticated
 * counts when its first credentials are accepted, and every count when it closes.
 */
final class ConnectionAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionAdmission.class);
  private static final AttributeKey<Ticket> TICKET = AttributeKey.valueOf("airlock.admission");
  /** Refusals are logged at most this often, with how many there were. */
  private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

  private final ConnectionCaps caps;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger unauthenticated = new AtomicInteger();
  /** Only sources with unauthenticated connections: never more entries than that cap. */
  private final ConcurrentHashMap<InetAddress, Integer> bySource = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

  ConnectionAdmission(ConnectionCaps caps) {
    this.caps = caps;
  }

  /** Counts a just-accepted connection; false (and nothing counted) when it is over a cap. */
  boolean accept(Channel ch) {
    InetAddress source = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    String over = null;
    if (!tryIncrement(open, caps.maxConnections())) {
      over = "max_connections";
    } else if (!tryIncrement(unauthenticated, caps.maxUnauthenticated())) {
      open.decrementAndGet();
      over = "max_unauthenticated_connections";
    } else if (source != null && !addSource(source)) {
      open.decrementAndGet();
      unauthenticated.decrementAndGet();
      over = "max_unauthenticated_per_source";
    }
    if (over != null) {
      refusedOne(over, source);
      return false;
    }
    Ticket t = new Ticket(source);
    ch.attr(TICKET).set(t);
    ch.closeFuture().addListener(t);
    return true;
  }

  /** The connection's first credentials were accepted: it no longer counts as unauthenticated. */
  void authenticated(Channel ch) {
    Ticket t = ch.attr(TICKET).get();
    if (t != null) {
      t.leaveUnauthenticated();
    }
  }

  int open() {
    return open.get();
  }

  int unauthenticated() {
    return unauthenticated.get();
  }

  long refused() {
    return refused.get();
  }

  private boolean addSource(InetAddress source) {
    boolean[] added = {false};
    bySource.compute(source, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= caps.maxUnauthenticatedPerSource()) {
        return n;
      }
      added[0] = true;
      return now + 1;
    });
    return added[0];
  }

  private void removeSource(InetAddress source) {
    bySource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
  }

  private static boolean tryIncrement(AtomicInteger n, int max) {
    int v;
    do {
      v = n.get();
      if (v >= max) {
        return false;
      }
    } while (!n.compareAndSet(v, v + 1));
    return true;
  }

  private void refusedOne(String cap, InetAddress source) {
    long count = refused.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarnNanos.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
      LOG.warn("refusing new agent connections at {} (e.g. from {}); {} refused since start; {}", cap,
          source == null ? "?" : source.getHostAddress(), count, caps.describe());
    }
  }

  /** One admitted connection's share of the counts, given back when it closes. */
  private final class Ticket implements GenericFutureListener<Future<? super Void>> {
    private final InetAddress source;
    private boolean unauthenticated = true;

    Ticket(InetAddress source) {
      this.source = source;
    }

    /** Runs on the connection's event loop, as does {@link #operationComplete}. */
    void leaveUnauthenticated() {
      if (unauthenticated) {
        unauthenticated = false;
        ConnectionAdmission.this.unauthenticated.decrementAndGet();
        if (source != null) {
          removeSource(source);
        }
      }
    }

    @Override
    public void operationComplete(Future<? super Void> f) {
      leaveUnauthenticated();
      open.decrementAndGet();
    }
  }
}
