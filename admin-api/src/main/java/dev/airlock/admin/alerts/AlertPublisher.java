package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.StoreException;
import dev.airlock.admin.store.TraceObserver;
import dev.airlock.proxy.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns events into outbox rows: matches each event against the in-memory channels and queues one
 * entry per matching channel; a thread of its own inserts them in batches (one multi-row insert per
 * batch). As a {@link TraceObserver} it sees every trace on the trace writer's thread and turns
 * those some channel wants into {@link DecisionAlert}s; with no channel enabled a trace costs one
 * volatile read.
 *
 * <p>Never blocks a caller. While the database is down the current batch is kept and retried,
 * and new entries wait in the bounded queue ({@link Settings#capacity}); an entry that finds the
 * queue full is dropped, counted ({@link #droppedCount}) and logged (once per outage).
 */
public final class AlertPublisher implements AlertSink, TraceObserver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);

  /**
   * @param capacity entries held in memory while the database is slow or down
   * @param batchSize rows per insert
   * @param retryInterval wait before a failed insert is tried again
   */
  public record Settings(int capacity, int batchSize, Duration retryInterval) {
    public Settings {
      if (capacity < 1 || batchSize < 1) {
        throw new IllegalArgumentException("capacity, batchSize: (expected: >= 1)");
      }
      requireNonNull(retryInterval, "retryInterval");
    }

    public static Settings defaults() {
      return new Settings(10_000, 500, Duration.ofSeconds(1));
    }
  }

  private final ChannelDirectory channels;
  private final OutboxRepository outbox;
  private final Settings settings;
  private final Runnable enqueued;
  private final BlockingQueue<OutboxRepository.Entry> queue;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean dropLogged = new AtomicBoolean();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder stored = new LongAdder();

  /**
   * @param enqueued runs after rows were added (wakes the delivery worker)
   */
  public AlertPublisher(ChannelDirectory channels, OutboxRepository outbox, Settings settings, Runnable enqueued) {
    this.channels = requireNonNull(channels, "channels");
    this.outbox = requireNonNull(outbox, "outbox");
    this.settings = requireNonNull(settings, "settings");
    this.enqueued = requireNonNull(enqueued, "enqueued");
    this.queue = new ArrayBlockingQueue<>(settings.capacity());
    this.thread = new Thread(this::run, "alert-outbox-writer");
    this.thread.setDaemon(true);
  }

  public AlertPublisher start() {
    thread.start();
    return this;
  }

  @Override
  public void observe(List<Trace> batch) {
    ChannelSnapshot s = channels.snapshot();
    if (s.isEmpty()) {
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Trace t = batch.get(i);
      if (s.anyWants(t.decision(), t.env(), t.severity(), t.tool(), t.agent())) {
        offerAll(s, new DecisionAlert(t));
      }
    }
  }

  @Override
  public void publish(AlertEvent event) {
    ChannelSnapshot s = channels.snapshot();
    if (!s.isEmpty()) {
      offerAll(s, event);
    }
  }

  @Override
  public boolean publishTo(String channelId, AlertEvent event) {
    if (channels.channel(channelId).isEmpty()) {
      return false;
    }
    offer(new OutboxRepository.Entry(channelId, event));
    return true;
  }

  private void offerAll(ChannelSnapshot s, AlertEvent event) {
    for (String id : s.matching(event)) {
      offer(new OutboxRepository.Entry(id, event));
    }
  }

  private void offer(OutboxRepository.Entry e) {
    if (!queue.offer(e)) {
      dropped.increment();
      if (dropLogged.compareAndSet(false, true)) {
        log.error("alert queue full ({} events waiting for the database): alerts are being dropped and counted"
            + " (airlock_alert_events_dropped_total)", settings.capacity());
      }
    }
  }

  /** Events dropped because the queue was full (since start). */
  public long droppedCount() {
    return dropped.sum();
  }

  /** Outbox rows added (since start). */
  public long storedCount() {
    return stored.sum();
  }

  /** Entries waiting in memory. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    List<OutboxRepository.Entry> batch = new ArrayList<>(settings.batchSize());
    boolean failing = false;
    while (running.get() || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          OutboxRepository.Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, settings.batchSize() - 1);
        }
        int added = outbox.enqueue(batch);
        stored.add(added);
        batch.clear();
        if (failing) {
          failing = false;
          dropLogged.set(false);
          log.info("alert outbox reachable again");
        }
        if (added > 0) {
          enqueued.run();
        }
      } catch (InterruptedException e) {
        Thread.interrupted(); // close() decides when to stop
      } catch (StoreException | IllegalStateException e) {
        if (!failing) {
          failing = true;
          log.warn("alert outbox not writable ({}); holding {} event(s) in memory and retrying", e.getMessage(),
              batch.size() + queue.size());
        }
        if (!running.get()) {
          log.error("stopping with {} alert event(s) not written to the outbox", batch.size() + queue.size());
          return;
        }
        pause(settings.retryInterval());
      }
    }
  }

  private void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued (one more try if the database fails), then stops. */
  @Override
  public void close() {
    running.set(false);
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
