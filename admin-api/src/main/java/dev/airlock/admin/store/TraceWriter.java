package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.spi.TraceSink;
import dev.airlock.proxy.trace.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes traces asynchronously in batches, so a slow or down database never stalls the proxy.
 *
 * <p>{@link #accept} only offers to a bounded queue. One writer thread inserts batches (up to
 * {@code batchSize} rows). When the first trace of a batch arrives, the writer waits {@code linger}
 * for more before it inserts, unless a whole batch is already queued: under load that turns one
 * transaction per handful of requests into one per {@code linger}, and the proxy's threads never
 * have to wake the writer for each trace. When the database fails, batches
 * go to a bounded disk spool under {@code spoolDir}; the spool is replayed once the database
 * answers again (probed every {@code retryInterval}), including spool files left by an earlier
 * run. A replay skips the traces already stored (a batch whose commit succeeded but whose answer
 * was lost, a spool file replayed in part before), so nothing is written twice. When the queue is
 * full the caller spools directly rather than block. Only when the spool reaches its cap are
 * traces dropped; they are counted and the condition is logged once.
 * {@link #close()} drains the queue, so nothing is lost on a graceful shutdown.
 *
 * <p>A {@link TraceObserver} sees each trace once, as the writer takes it from the queue (before
 * it is inserted or spooled); traces replayed from the spool are not shown again.
 */
public final class TraceWriter implements TraceSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TraceWriter.class);

  /** Tuning; {@link #defaults()} fits a single node. */
  public record Settings(
      int queueCapacity,
      int batchSize,
      Duration flushInterval,
      Duration retryInterval,
      long spoolMaxBytes,
      Duration linger) {
    public Settings {
      if (queueCapacity < 1 || batchSize < 1 || spoolMaxBytes < 0) {
        throw new IllegalArgumentException(
            "queueCapacity, batchSize: (expected: >= 1), spoolMaxBytes: (expected: >= 0)");
      }
      requireNonNull(flushInterval, "flushInterval");
      requireNonNull(retryInterval, "retryInterval");
      requireNonNull(linger, "linger");
    }

    public Settings(int queueCapacity, int batchSize, Duration flushInterval, Duration retryInterval,
        long spoolMaxBytes) {
      this(queueCapacity, batchSize, flushInterval, retryInterval, spoolMaxBytes, Duration.ZERO);
    }

    public static Settings defaults() {
      return new Settings(
          20_000, 500, Duration.ofMillis(200), Duration.ofSeconds(1), 256L * 1024 * 1024, Duration.ofMillis(25));
    }
  }

  private final TraceRepository traces;
  private final Settings settings;
  private final TraceSpool spool;
  private final TraceObserver observer;
  private final BlockingQueue<Trace> queue;
  private final Thread writer;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean dropLogged = new AtomicBoolean();
  private final AtomicBoolean observerFailureLogged = new AtomicBoolean();
  private final LongAdder written = new LongAdder();
  private final LongAdder spooled = new LongAdder();
  private volatile boolean databaseDown;
  private volatile BooleanSupplier schemaReady = () -> true;
  private long nextAttemptNanos;

  public TraceWriter(TraceRepository traces, Path spoolDir, Settings settings, ObjectMapper json) {
    this(traces, spoolDir, settings, json, TraceObserver.NONE);
  }

  public TraceWriter(
      TraceRepository traces, Path spoolDir, Settings settings, ObjectMapper json, TraceObserver observer) {
    this.traces = requireNonNull(traces, "traces");
    this.observer = requireNonNull(observer, "observer");
    this.settings = requireNonNull(settings, "settings");
    this.spool = new TraceSpool(spoolDir, settings.spoolMaxBytes(), json);
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.writer = new Thread(this::run, "trace-writer");
    this.writer.setDaemon(true);
  }

  /**
   * Until {@code ready} answers true (the node has reached and migrated its database), traces go
   * to the spool without any insert being tried; they are replayed once it does. Returns this.
   */
  public TraceWriter holdUntil(BooleanSupplier ready) {
    this.schemaReady = requireNonNull(ready, "ready");
    return this;
  }

  /** Starts the writer thread; returns this. */
  public TraceWriter start() {
    writer.start();
    return this;
  }

  @Override
  public void accept(Trace trace) {
    if (closing.get() || !queue.offer(trace)) {
      List<Trace> one = List.of(trace);
      observe(one);
      spoolOrDrop(one);
    }
  }

  /** Traces lost because the spool was full (since start). */
  public long droppedCount() {
    return dropped.get();
  }

  /** Bytes waiting in the disk spool; never blocks on spool I/O. */
  public long spooledBytes() {
    return spool.bytes();
  }

  /** Traces inserted into the database since start, replayed ones included (not those found stored). */
  public long writtenCount() {
    return written.sum();
  }

  /** Traces appended to the disk spool since start. */
  public long spooledCount() {
    return spooled.sum();
  }

  /** Traces waiting in memory. */
  public int queued() {
    return queue.size();
  }

  /** Stops accepting into the queue, writes everything queued (to the database or the spool). */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Catches traces offered between the writer's last poll and its exit.
    drainOnce(Integer.MAX_VALUE);
    try {
      spool.close();
    } catch (IOException e) {
      log.warn("trace spool did not close cleanly: {}", e.getMessage());
    }
  }

  private void run() {
    List<Trace> batch = new ArrayList<>(settings.batchSize());
    while (!(closing.get() && queue.isEmpty())) {
      try {
        Trace first = queue.poll(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          if (!settings.linger().isZero() && queue.size() < settings.batchSize() - 1 && !closing.get()) {
            Thread.sleep(settings.linger().toMillis());
          }
          queue.drainTo(batch, settings.batchSize() - 1);
          observe(batch);
          write(batch);
          batch.clear();
        }
        replaySpoolIfDue();
      } catch (InterruptedException e) {
        // Only close() may stop this thread; keep draining until it does.
        Thread.interrupted();
      } catch (RuntimeException e) {
        log.error("trace writer error", e);
        batch.clear();
      }
    }
  }

  private void drainOnce(int max) {
    List<Trace> batch = new ArrayList<>();
    queue.drainTo(batch, max);
    if (!batch.isEmpty()) {
      observe(batch);
      write(batch);
    }
  }

  private void observe(List<Trace> batch) {
    try {
      observer.observe(batch);
    } catch (RuntimeException e) {
      // Metrics are secondary: a failing observer must never cost a trace, nor flood the log.
      if (observerFailureLogged.compareAndSet(false, true)) {
        log.error("trace observer failed; request metrics are incomplete from now on", e);
      }
    }
  }

  private void write(List<Trace> batch) {
    if (!schemaReady.getAsBoolean() || (databaseDown && System.nanoTime() < nextAttemptNanos)) {
      spoolOrDrop(batch);
      return;
    }
    if (tryInsert(batch)) {
      return;
    }
    spoolOrDrop(batch);
  }

  /** Writes fresh traces; a batch spooled because this failed goes through {@link #tryReplay}. */
  private boolean tryInsert(List<Trace> batch) {
    return attempt(() -> {
      traces.insert(batch);
      return batch.size();
    });
  }

  /** Writes spooled traces, skipping those a write whose outcome was unknown did store. */
  private boolean tryReplay(List<Trace> batch) {
    return attempt(() -> traces.insertMissing(batch));
  }

  private boolean attempt(IntSupplier write) {
    try {
      written.add(write.getAsInt());
      if (databaseDown) {
        databaseDown = false;
        log.info("trace database reachable again");
      }
      return true;
    } catch (StoreException e) {
      if (!databaseDown) {
        log.warn("cannot write traces, spooling to disk until the database answers: {}", e.getMessage());
      }
      databaseDown = true;
      nextAttemptNanos = System.nanoTime() + settings.retryInterval().toNanos();
      return false;
    }
  }

  private void replaySpoolIfDue() {
    if (spool.isEmpty() || !schemaReady.getAsBoolean() || (databaseDown && System.nanoTime() < nextAttemptNanos)) {
      return;
    }
    try {
      for (Path file : spool.sealedFiles()) {
        if (!replay(file)) {
          return;
        }
        spool.delete(file);
      }
      if (dropLogged.compareAndSet(true, false)) {
        log.warn("trace spool replayed; {} traces were dropped while it was full", dropped.get());
      }
    } catch (IOException e) {
      log.warn("cannot replay trace spool: {}", e.getMessage());
      nextAttemptNanos = System.nanoTime() + settings.retryInterval().toNanos();
    }
  }

  private boolean replay(Path file) throws IOException {
    List<Trace> batch = new ArrayList<>(settings.batchSize());
    boolean[] ok = {true};
    spool.read(
        file,
        t -> {
          if (!ok[0]) {
            return;
          }
          batch.add(t);
          if (batch.size() == settings.batchSize()) {
            ok[0] = tryReplay(batch);
            batch.clear();
          }
        });
    if (ok[0] && !batch.isEmpty()) {
      ok[0] = tryReplay(batch);
    }
    return ok[0];
  }

  private void spoolOrDrop(List<Trace> batch) {
    boolean stored;
    try {
      stored = spool.append(batch);
    } catch (IOException e) {
      stored = false;
      log.warn("cannot append to trace spool: {}", e.getMessage());
    }
    if (stored) {
      spooled.add(batch.size());
    } else {
      dropped.addAndGet(batch.size());
      if (dropLogged.compareAndSet(false, true)) {
        log.error(
            "trace spool is full ({} bytes); dropping traces until the database answers",
            settings.spoolMaxBytes());
      }
    }
  }
}
