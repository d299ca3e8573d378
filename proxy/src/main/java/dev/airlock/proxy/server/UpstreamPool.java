package dev.airlock.proxy.server;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Idle keep-alive upstream connections, per event loop, shared by every agent connection on that
 * loop. An exchange hands its connection back as soon as its response has ended and the agent
 * connection takes one again for its next request, so no agent connection holds an idle upstream
 * connection. Bounded: each loop keeps at most its share of the node's idle connections (the
 * least recently used one is closed to make room), a pooled connection is closed after
 * {@link #keepAliveMillis()} without use, and a target's entry goes with its last connection.
 *
 * <p>Only touched on its event loop's thread, so it needs no locking. The lists run through one
 * {@link Entry} per connection, made with the connection: parking and taking allocate nothing.
 */
public final class UpstreamPool {
  /** What makes two upstream connections interchangeable. */
  record Key(Target target, InetSocketAddress address) {}

  /** Longest idle time of a pooled connection, whatever the idle timeout. */
  static final Duration MAX_KEEP_ALIVE = Duration.ofSeconds(60);
  static final int MAX_IDLE_PER_KEY = 64;
  /** How long before an origin's announced keep-alive timeout a request that is not idempotent stops reusing. */
  private static final long ORIGIN_TIMEOUT_MARGIN_NANOS = 1_000_000_000L;

  /** One upstream connection's place in its loop's pool. */
  static final class Entry {
    final Key key;
    final Channel channel;
    /** The connection's reader (null in tests of the pool alone). */
    final UpstreamReader reader;
    /** Non-null while parked. */
    private Bucket bucket;
    private Entry older;
    private Entry newer;
    private Entry olderOfKey;
    private Entry newerOfKey;
    private long parkedNanos;
    /** The idle time after which the origin said it closes (its Keep-Alive timeout), or 0 if unknown. */
    long originTimeoutNanos;

    Entry(Key key, Channel channel, UpstreamReader reader) {
      this.key = key;
      this.channel = channel;
      this.reader = reader;
    }

    boolean parked() {
      return bucket != null;
    }
  }

  /** The idle connections of one key, newest first. */
  private static final class Bucket {
    Entry newest;
    Entry oldest;
    int size;
  }

  /** One event loop's idle connections, least recently parked first. */
  private static final class Loop {
    final HashMap<Key, Bucket> byKey = new HashMap<>();
    Entry oldest;
    Entry newest;
    int size;
    /** Copies of the sizes for {@link #idleCount()} and {@link #keyCount()} on other threads. */
    int publishedSize;
    int publishedKeys;
  }

  private static final VarHandle SIZE;
  private static final VarHandle KEYS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      SIZE = lookup.findVarHandle(Loop.class, "publishedSize", int.class);
      KEYS = lookup.findVarHandle(Loop.class, "publishedKeys", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int maxIdlePerLoop;
  private final long keepAliveMillis;
  private final List<Loop> loops = new CopyOnWriteArrayList<>();
  private final FastThreadLocal<Loop> local = new FastThreadLocal<>() {
    @Override
    protected Loop initialValue() {
      Loop l = new Loop();
      loops.add(l);
      return l;
    }
  };

  /** A pool sized from the node's limits: max_idle_upstream shared out between the I/O threads. */
  public UpstreamPool(ProxyConfig config) {
    this(perLoop(config.limits().maxIdleUpstream(), config.limits().effectiveIoThreads()),
        Math.min(config.timeouts().idle().toMillis(), MAX_KEEP_ALIVE.toMillis()));
  }

  UpstreamPool(int maxIdlePerLoop, long keepAliveMillis) {
    this.maxIdlePerLoop = maxIdlePerLoop;
    this.keepAliveMillis = keepAliveMillis;
  }

  private static int perLoop(int total, int loops) {
    return total == 0 ? 0 : Math.max(1, total / Math.max(1, loops));
  }

  /** How long a pooled connection is kept without use. */
  long keepAliveMillis() {
    return keepAliveMillis;
  }

  /**
   * The most recently parked open connection for key on the calling event loop, or null. A request
   * that is not idempotent does not get one the origin is about to close as idle: it could not be
   * sent again if the origin closed it just as it arrived.
   */
  Entry take(Key key, boolean idempotent) {
    Loop l = local.get();
    Bucket b = l.byKey.get(key);
    if (b == null) {
      return null;
    }
    long now = System.nanoTime();
    Entry e;
    while ((e = b.newest) != null) {
      long idleFor = now - e.parkedNanos;
      boolean expired = e.originTimeoutNanos > 0 && idleFor >= e.originTimeoutNanos;
      if (!expired && e.channel.isActive()) {
        if (!idempotent && e.originTimeoutNanos > 0 && idleFor >= e.originTimeoutNanos - ORIGIN_TIMEOUT_MARGIN_NANOS) {
          return null; // older ones of this key are closer still to the origin's timeout
        }
        unlink(l, e);
        return e;
      }
      unlink(l, e);
      e.channel.close();
    }
    return null;
  }

  /** Parks a connection whose last response completed with keep-alive (it is closed when there is no room). */
  void offer(Entry e) {
    Channel c = e.channel;
    if (maxIdlePerLoop == 0 || !c.isActive() || !c.eventLoop().inEventLoop() || e.parked()) {
      if (!e.parked()) {
        c.close();
      }
      return;
    }
    Loop l = local.get();
    if (l.size >= maxIdlePerLoop) {
      evict(l, l.oldest); // first: it may empty (and drop) the bucket this connection goes to
    }
    Bucket b = l.byKey.get(e.key);
    if (b == null) {
      b = new Bucket();
      l.byKey.put(e.key, b);
    } else if (b.size >= MAX_IDLE_PER_KEY) {
      evict(l, b.oldest);
    }
    if (!c.config().isAutoRead()) {
      c.config().setAutoRead(true); // a closing origin must be noticed while the connection waits here
    }
    e.parkedNanos = System.nanoTime();
    e.bucket = b;
    e.older = l.newest;
    if (l.newest != null) {
      l.newest.newer = e;
    } else {
      l.oldest = e;
    }
    l.newest = e;
    e.olderOfKey = b.newest;
    if (b.newest != null) {
      b.newest.newerOfKey = e;
    } else {
      b.oldest = e;
    }
    b.newest = e;
    b.size++;
    l.size++;
    publish(l);
  }

  /** Forgets a parked connection that closed (no-op for one in use). Call on its event loop. */
  void remove(Entry e) {
    if (e != null && e.parked()) {
      unlink(local.get(), e);
    }
  }

  private void evict(Loop l, Entry e) {
    unlink(l, e);
    e.channel.close();
  }

  private static void unlink(Loop l, Entry e) {
    Bucket b = e.bucket;
    if (e.older != null) {
      e.older.newer = e.newer;
    } else {
      l.oldest = e.newer;
    }
    if (e.newer != null) {
      e.newer.older = e.older;
    } else {
      l.newest = e.older;
    }
    if (e.olderOfKey != null) {
      e.olderOfKey.newerOfKey = e.newerOfKey;
    } else {
      b.oldest = e.newerOfKey;
    }
    if (e.newerOfKey != null) {
      e.newerOfKey.olderOfKey = e.olderOfKey;
    } else {
      b.newest = e.olderOfKey;
    }
    e.older = e.newer = e.olderOfKey = e.newerOfKey = null;
    e.bucket = null;
    l.size--;
    if (--b.size == 0) {
      l.byKey.remove(e.key);
    }
    publish(l);
  }

  /** Release stores: visible to other threads in order, at the cost of a plain store on the loop. */
  private static void publish(Loop l) {
    SIZE.setRelease(l, l.size);
    KEYS.setRelease(l, l.byKey.size());
  }

  /** Idle connections parked now, on all loops (for tests and diagnostics). */
  int idleCount() {
    int n = 0;
    for (Loop l : loops) {
      n += (int) SIZE.getAcquire(l);
    }
    return n;
  }

  /** Targets with at least one parked connection, on all loops. */
  int keyCount() {
    int n = 0;
    for (Loop l : loops) {
      n += (int) KEYS.getAcquire(l);
    }
    return n;
  }
}
