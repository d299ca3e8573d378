package dev.airlock.bench.load;

import static java.util.Objects.requireNonNull;

import dev.airlock.bench.load.HeldConnection.Ending;
import dev.airlock.bench.net.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many connections that each make one request and then stay open and idle, like agents that keep
 * connections to the proxy without using them. Opening is paced (a fixed rate and a cap on attempts
 * in flight) so that a small machine can take thousands of TLS handshakes.
 */
public final class IdleConnections implements AutoCloseable {
  private final EventLoopGroup group;
  private final ChannelOpener opener;
  private final RequestFactory requests;
  private final long timeoutNanos;
  private final List<HeldConnection> held = new ArrayList<>();
  private final LongAdder closedByPeer = new LongAdder();
  private final ConcurrentHashMap<Integer, LongAdder> refusals = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  public IdleConnections(Transport transport, EventLoopGroup group, Target target, Workload workload, Duration timeout) {
    this.group = requireNonNull(group, "group");
    this.opener = new ChannelOpener(transport, target, timeout, workload.path());
    this.requests = new RequestFactory(target, workload, true);
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * Opens {@code count} connections, {@code perSecond} a second with at most {@code maxPending}
   * still opening, each with one request; returns once every attempt has ended. The 2xx ones are
   * held.
   */
  public Outcomes open(int count, double perSecond, int maxPending) throws InterruptedException {
    Tally tally = new Tally();
    Paced.run(count, perSecond, maxPending, Duration.ofNanos(2 * timeoutNanos), i -> {
      HeldConnection c = new HeldConnection(group.next(), closedByPeer::increment, this::onRefused);
      Future<Ending> first = c.open(opener, requests, timeoutNanos);
      first.addListener(f -> {
        if (first.getNow() == Ending.OK) {
          synchronized (held) {
            held.add(c);
          }
        }
      });
      return tally.count(first);
    });
    return tally.outcomes(count);
  }

  /** Non-2xx statuses answered to first requests, with how often each came. */
  public Map<Integer, Long> refusals() {
    Map<Integer, Long> out = new TreeMap<>();
    refusals.forEach((status, n) -> out.put(status, n.sum()));
    return out;
  }

  private void onRefused(int status) {
    refusals.computeIfAbsent(status, k -> new LongAdder()).increment();
  }

  /** One more request on every held connection, paced the same way: proves the tunnels still work. */
  public Outcomes requestOnEach(double perSecond, int maxPending) throws InterruptedException {
    List<HeldConnection> all = snapshot();
    Tally tally = new Tally();
    Paced.run(all.size(), perSecond, maxPending, Duration.ofNanos(2 * timeoutNanos),
        i -> tally.count(all.get(i).request(requests, timeoutNanos)));
    return tally.outcomes(all.size());
  }

  /** Connections whose first request succeeded and that are still open. */
  public int openCount() throws InterruptedException {
    AtomicInteger open = new AtomicInteger();
    List<Future<?>> checks = new ArrayList<>();
    for (HeldConnection c : snapshot()) {
      Promise<Void> checked = c.loop().newPromise();
      c.loop().execute(() -> {
        if (c.open()) {
          open.incrementAndGet();
        }
        checked.setSuccess(null);
      });
      checks.add(checked);
    }
    awaitAll(checks);
    return open.get();
  }

  /** Held connections the other side closed (not this client). */
  public long closedByPeer() {
    return closedByPeer.sum();
  }

  /** Closes every connection and waits until each is closed; later calls do nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<Future<?>> closing = new ArrayList<>();
    for (HeldConnection c : snapshot()) {
      closing.add(c.close());
    }
    try {
      awaitAll(closing);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      requests.close();
    }
  }

  private List<HeldConnection> snapshot() {
    synchronized (held) {
      return new ArrayList<>(held);
    }
  }

  private void awaitAll(List<Future<?>> futures) throws InterruptedException {
    long deadline = System.nanoTime() + 2 * timeoutNanos;
    for (Future<?> f : futures) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("connections did not settle within " + Duration.ofNanos(2 * timeoutNanos), e);
      }
    }
  }

  /** Counts how requests ended; attempts that never ended (past the deadline) count as timeouts. */
  private static final class Tally {
    private final ConcurrentHashMap<Ending, LongAdder> counts = new ConcurrentHashMap<>();

    Future<Ending> count(Future<Ending> ending) {
      ending.addListener(f -> counts.computeIfAbsent(ending.getNow(), e -> new LongAdder()).increment());
      return ending;
    }

    Outcomes outcomes(int attempts) {
      long ok = get(Ending.OK);
      long non2xx = get(Ending.NON_2XX);
      long connect = get(Ending.CONNECT_FAILURE);
      long resets = get(Ending.RESET);
      long timeouts = attempts - ok - non2xx - connect - resets;
      return new Outcomes(ok, non2xx, connect, timeouts, resets, ok);
    }

    private long get(Ending e) {
      LongAdder n = counts.get(e);
      return n == null ? 0 : n.sum();
    }
  }
}
