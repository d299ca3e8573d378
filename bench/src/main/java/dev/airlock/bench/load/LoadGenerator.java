package dev.airlock.bench.load;

import static java.util.Objects.requireNonNull;

import dev.airlock.bench.net.Transport;
import dev.airlock.bench.report.Histograms;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Runs one load run to completion on a shared event loop group and returns what it measured. */
public final class LoadGenerator {
  /** Time beyond the longest a run can take, for the event loops' own delays. */
  private static final Duration DRAIN_SLACK = Duration.ofSeconds(5);

  private final Transport transport;
  private final EventLoopGroup group;
  private final Duration drainSlack;

  public LoadGenerator(Transport transport, EventLoopGroup group) {
    this(transport, group, DRAIN_SLACK);
  }

  LoadGenerator(Transport transport, EventLoopGroup group, Duration drainSlack) {
    this.transport = requireNonNull(transport, "transport");
    this.group = requireNonNull(group, "group");
    this.drainSlack = requireNonNull(drainSlack, "drainSlack");
  }

  public LoadResult run(Target target, Workload workload, Pacing pacing) throws InterruptedException {
    try (RequestFactory requests = new RequestFactory(target, workload, pacing.keepAlive())) {
      return run(target, pacing, requests);
    }
  }

  private LoadResult run(Target target, Pacing pacing, RequestFactory requests)
      throws InterruptedException {
    ChannelOpener opener = new ChannelOpener(transport, target, pacing.timeout(), requests.path());
    CountDownLatch retired = new CountDownLatch(pacing.connections());
    long start = System.nanoTime();
    Dispatcher dispatcher = new Dispatcher(start, pacing, retired);
    List<Worker> workers = new ArrayList<>(pacing.connections());
    for (int i = 0; i < pacing.connections(); i++) {
      workers.add(
          new Worker(
              group.next(),
              opener,
              requests,
              pacing.keepAlive(),
              pacing.timeout().toNanos(),
              dispatcher));
    }
    ScheduledFuture<?> ticker = null;
    if (dispatcher.openLoop()) {
      ticker = group.next().scheduleAtFixedRate(dispatcher::tick, 0, 1, TimeUnit.MILLISECONDS);
    }
    for (Worker w : workers) {
      w.loop().execute(() -> dispatcher.onIdle(w));
    }
    // The last request is due by the end of the duration; one still waiting for a connection is
    // sent only while younger than the timeout (Worker), and then takes at most the timeout.
    long waitNanos = pacing.duration().plus(pacing.timeout().multipliedBy(2)).plus(drainSlack).toNanos();
    boolean finished = retired.await(waitNanos, TimeUnit.NANOSECONDS);
    if (ticker != null) {
      ticker.cancel(false);
    }
    for (Worker w : workers) {
      w.loop().submit(w::shutdown).sync();
    }
    if (!finished) {
      throw new IllegalStateException("load run did not finish within " + Duration.ofNanos(waitNanos));
    }
    return collect(workers, start, pacing.duration());
  }

  private static LoadResult collect(List<Worker> workers, long start, Duration duration) {
    Histogram latencies =
        Histograms.merge(workers.stream().map(w -> w.latencyMicros).toList(), Worker.MAX_LATENCY_MICROS);
    Outcomes outcomes = Outcomes.NONE;
    long last = start;
    String failure = null;
    for (Worker w : workers) {
      failure = failure != null ? failure : w.firstConnectFailure;
      outcomes = outcomes.plus(
          new Outcomes(w.ok, w.non2xx, w.connectFailures, w.timeouts, w.resets, w.connectionsOpened));
      last = Math.max(last, w.lastCompletionNanos);
    }
    Duration elapsed = last > start ? Duration.ofNanos(last - start) : duration;
    return new LoadResult(latencies, outcomes, elapsed, failure);
  }
}
