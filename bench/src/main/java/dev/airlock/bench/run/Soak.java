package dev.airlock.bench.run;

import dev.airlock.bench.load.LoadGenerator;
import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.load.Pacing;
import dev.airlock.bench.load.Target;
import dev.airlock.bench.load.Workload;
import dev.airlock.bench.proc.MemorySample;
import dev.airlock.bench.proc.OpenFiles;
import dev.airlock.bench.proc.ProcessTree;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A long steady load against one system while its memory is sampled on a fixed period: open-loop
 * streams at fixed rates, per host one over kept-alive connections (used in turn) and one opening
 * a new connection per request, so pools, certificate caches and the trace writer all work.
 */
public final class Soak {
  /** Host names the soak spreads its requests over; the upstream has a certificate for each. */
  public static final List<String> HOSTS = List.of("api-1.soak.test", "api-2.soak.test", "api-3.soak.test", "api-4.soak.test");
  static final Workload REQUEST = Workload.post(Scenarios.JSON, Scenarios.KB);
  public static final int KEEPALIVE_CONNECTIONS_PER_HOST = 8;
  static final int NEW_CONNECTION_SLOTS_PER_HOST = 4;
  public static final double NEW_CONNECTION_SHARE = 0.1;

  /** One open-loop stream of the mix. */
  public record Stream(String host, boolean keepAlive, int connections, double ratePerSecond) {}

  private final LoadGenerator generator;
  private final ProcessTree tree = new ProcessTree();
  private final OpenFiles files = new OpenFiles();
  private final Duration sampleEvery;
  private final Duration timeout;
  private final PrintStream log;

  public Soak(LoadGenerator generator, Duration sampleEvery, Duration timeout, PrintStream log) {
    this.generator = generator;
    this.sampleEvery = sampleEvery;
    this.timeout = timeout;
    this.log = log;
  }

  /** The mix at a total rate: a {@link #NEW_CONNECTION_SHARE} of it on new connections, spread evenly over the hosts. */
  public static List<Stream> mix(double ratePerSecond, List<String> hosts) {
    List<Stream> streams = new ArrayList<>();
    for (String host : hosts) {
      streams.add(new Stream(host, true, KEEPALIVE_CONNECTIONS_PER_HOST,
          ratePerSecond * (1 - NEW_CONNECTION_SHARE) / hosts.size()));
      streams.add(new Stream(host, false, NEW_CONNECTION_SLOTS_PER_HOST, ratePerSecond * NEW_CONNECTION_SHARE / hosts.size()));
    }
    return streams;
  }

  /**
   * Runs the mix for {@code duration}; samples the tree under {@code roots} (its first entry the
   * JVM) every period, from before the load starts to after it ended. No roots: no samples.
   */
  public SoakResult run(String system, Function<String, Target> targetOf, List<Stream> mix, Duration duration,
      List<Long> roots) throws InterruptedException {
    ExecutorService streams = Executors.newFixedThreadPool(mix.size());
    try {
      long start = System.nanoTime();
      List<MemorySample> samples = new ArrayList<>();
      sample(system, roots, start, samples);
      List<Future<LoadResult>> running = new ArrayList<>();
      for (Stream s : mix) {
        Pacing pacing = Pacing.rotating(s.connections(), s.keepAlive(), duration, s.ratePerSecond(), timeout);
        running.add(streams.submit(() -> generator.run(targetOf.apply(s.host()), REQUEST, pacing)));
      }
      long next = start + sampleEvery.toNanos();
      while (!running.stream().allMatch(Future::isDone)) {
        LockSupport.parkNanos(Math.min(next - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200)));
        if (System.nanoTime() >= next) {
          sample(system, roots, start, samples);
          next += sampleEvery.toNanos();
        }
      }
      if (samples.isEmpty() || System.nanoTime() - start - secondsToNanos(samples.get(samples.size() - 1).seconds()) > 1e9) {
        sample(system, roots, start, samples); // the state once the load has ended
      }
      List<LoadResult> parts = new ArrayList<>();
      for (Future<LoadResult> f : running) {
        parts.add(f.get());
      }
      double rate = mix.stream().mapToDouble(Stream::ratePerSecond).sum();
      return new SoakResult(system, duration.toMillis() / 1000.0, rate, LoadResult.together(parts), samples);
    } catch (ExecutionException e) {
      throw new IllegalStateException("soak load against " + system + " failed", e.getCause());
    } finally {
      streams.shutdownNow();
    }
  }

  private void sample(String system, List<Long> roots, long start, List<MemorySample> samples) {
    if (roots.isEmpty()) {
      return;
    }
    MemorySample s = MemorySample.take(tree, files, roots, roots.get(0), (System.nanoTime() - start) / 1e9);
    samples.add(s);
    log.printf(Locale.ROOT, "soak %-8s %5.0f s  JVM RSS %6.1f MiB  tree RSS %6.1f MiB  PSS %6.1f MiB (shared %5.1f)  "
        + "JVM fds %5d  CPU %7.1f s%n", system, s.seconds(), mib(s.jvmRssBytes()), mib(s.treeRssBytes()),
        mib(s.treePssBytes()), mib(s.treeSharedPssBytes()), s.jvmOpenFiles(), s.treeCpuSeconds());
  }

  private static long secondsToNanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
