package dev.airlock.bench.run;

import dev.airlock.bench.load.IdleConnections;
import dev.airlock.bench.load.LoadGenerator;
import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.load.Pacing;
import dev.airlock.bench.load.Target;
import dev.airlock.bench.net.Transport;
import dev.airlock.bench.proc.MemorySample;
import dev.airlock.bench.proc.OpenFiles;
import dev.airlock.bench.proc.ProcessTree;
import io.netty.channel.EventLoopGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens many agent connections through the proxy at a steady pace (tunnel, TLS handshake, one
 * request each), holds them idle while another client keeps making requests, checks each still
 * works, closes them, and samples the proxy's memory and descriptors throughout.
 */
public final class IdleHold {
  /** Descriptors the generator needs besides the held connections (jars, epoll, the other client). */
  public static final int SPARE_FILES = 512;
  static final double SECOND_REQUEST_RATE = 1000;
  static final int MAX_PENDING = 128;
  static final int CLIENT_CONNECTIONS = 4;
  static final Duration CLOSE_WAIT = Duration.ofSeconds(60);
  /** The proxy's descriptors count as settled once unchanged for this long. */
  static final Duration FILES_STEADY = Duration.ofSeconds(2);

  /**
   * @param connections idle connections to open
   * @param ratePerSecond how many to open per second
   * @param hold how long to hold them once all are open
   * @param clientRate the other client's open-loop rate (keep-alive, a few connections)
   * @param clientBaseline how long the other client runs before the idle connections, for comparison
   */
  public record Plan(int connections, double ratePerSecond, Duration hold, double clientRate, Duration clientBaseline) {}

  private final Transport transport;
  private final EventLoopGroup group;
  private final LoadGenerator generator;
  private final ProcessTree tree = new ProcessTree();
  private final OpenFiles files = new OpenFiles();
  private final Duration sampleEvery;
  private final Duration timeout;
  private final PrintStream log;

  public IdleHold(Transport transport, EventLoopGroup group, Duration sampleEvery, Duration timeout, PrintStream log) {
    this.transport = transport;
    this.group = group;
    this.generator = new LoadGenerator(transport, group);
    this.sampleEvery = sampleEvery;
    this.timeout = timeout;
    this.log = log;
  }

  /** Fails with a clear message when this process may not open enough descriptors for the plan. */
  public static void checkFileLimit(long softLimit, int connections) {
    long needed = (long) connections + SPARE_FILES;
    if (softLimit >= 0 && softLimit < needed) {
      throw new IllegalStateException(connections + " idle connections need " + needed + " open files in the "
          + "generator, its limit is " + softLimit + " (raise it with ulimit -n, or lower BENCH_IDLE_CONNECTIONS)");
    }
  }

  /** @param roots the proxy's process tree, its JVM first */
  public IdleResult run(Target idle, Target client, List<Long> roots, Plan plan) throws InterruptedException {
    long self = ProcessHandle.current().pid();
    checkFileLimit(files.softLimit(self), plan.connections());
    String limits = "generator " + limit(files.softLimit(self)) + ", proxy JVM " + limit(files.softLimit(roots.get(0)));
    LoadResult clientBefore = clientRun(client, plan.clientRate(), plan.clientBaseline());
    long start = System.nanoTime();
    List<IdleResult.Sample> samples = new CopyOnWriteArrayList<>();
    MemorySample before = sample(roots, start, "before", 0, samples);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try (IdleConnections held = new IdleConnections(transport, group, idle, Soak.REQUEST, timeout)) {
      AtomicReference<String> phase = new AtomicReference<>("ramp");
      sampler.scheduleAtFixedRate(() -> periodic(held, roots, start, phase.get(), samples),
          sampleEvery.toNanos(), sampleEvery.toNanos(), TimeUnit.NANOSECONDS);
      long rampStart = System.nanoTime();
      Outcomes opened = held.open(plan.connections(), plan.ratePerSecond(), MAX_PENDING);
      double rampSeconds = secondsSince(rampStart);
      log.printf(Locale.ROOT, "idle: %d of %d connections established in %.1f s (errors %s; non-2xx statuses %s)%n",
          opened.ok(), plan.connections(), rampSeconds, opened.errorBreakdown(), held.refusals());
      phase.set("hold");
      long holdStart = System.nanoTime();
      // The other client runs for the whole hold.
      LoadResult clientDuring = clientRun(client, plan.clientRate(), plan.hold());
      double holdSeconds = secondsSince(holdStart);
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      int openAfterHold = held.openCount();
      MemorySample atHold = sample(roots, start, "held", openAfterHold, samples);
      Outcomes second = held.requestOnEach(SECOND_REQUEST_RATE, MAX_PENDING);
      log.printf(Locale.ROOT, "idle: %d still open after %.0f s, %d closed by the proxy; a second request: %d ok, errors %s%n",
          openAfterHold, holdSeconds, held.closedByPeer(), second.ok(), second.errorBreakdown());
      double closeSeconds = closeAndSettle(held, roots.get(0));
      MemorySample after = sample(roots, start, "closed", 0, samples);
      return new IdleResult(plan.connections(), plan.ratePerSecond(), rampSeconds, opened, holdSeconds, openAfterHold,
          held.closedByPeer(), second, before, atHold, after, closeSeconds, samples, clientBefore, clientDuring, limits);
    } finally {
      sampler.shutdownNow();
    }
  }

  private LoadResult clientRun(Target client, double rate, Duration duration) throws InterruptedException {
    return generator.run(client, Soak.REQUEST, Pacing.rotating(CLIENT_CONNECTIONS, true, duration, rate, timeout));
  }

  private void periodic(IdleConnections held, List<Long> roots, long start, String phase, List<IdleResult.Sample> samples) {
    try {
      sample(roots, start, phase, held.openCount(), samples);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.println("idle: sampling failed: " + e);
    }
  }

  /** Closes every held connection and waits for the proxy's descriptors to settle; returns the seconds it took. */
  private double closeAndSettle(IdleConnections held, long jvm) {
    long start = System.nanoTime();
    held.close();
    awaitFilesSteady(jvm);
    return secondsSince(start);
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  /**
   * Polls until the proxy's descriptors stop falling (unchanged for {@link #FILES_STEADY}), or gives
   * up after {@link #CLOSE_WAIT}. They need not fall to where they started: upstream connections go
   * back to the proxy's pool when their agent connections close.
   */
  private void awaitFilesSteady(long jvm) {
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    int last = files.count(jvm);
    long steadySince = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - steadySince < FILES_STEADY.toNanos()) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      int now = files.count(jvm);
      if (now != last) {
        last = now;
        steadySince = System.nanoTime();
      }
    }
  }

  private MemorySample sample(List<Long> roots, long start, String phase, int heldNow, List<IdleResult.Sample> samples) {
    MemorySample s = MemorySample.take(tree, files, roots, roots.get(0), (System.nanoTime() - start) / 1e9);
    samples.add(new IdleResult.Sample(phase, heldNow, s));
    log.printf(Locale.ROOT, "idle %-6s %5.0f s  held %6d  JVM RSS %6.1f MiB  tree PSS %6.1f MiB  JVM fds %6d%n",
        phase, s.seconds(), heldNow, Soak.mib(s.jvmRssBytes()), Soak.mib(s.treePssBytes()), s.jvmOpenFiles());
    return s;
  }

  private static String limit(long files) {
    return files == OpenFiles.UNLIMITED ? "unlimited" : files < 0 ? "unknown" : Long.toString(files);
  }
}
