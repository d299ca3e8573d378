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
 * Turns events into outbox rows. As a {@link TraceObserver} it sees every trace on the trace
 * writer's thread and queues those some channel wants, each as one {@link DecisionAlert} (nothing
 * else is allocated or serialised there); with no channel enabled a trace costs one volatile read.
 * A thread of its own drains up to {@link Settings#batchSize} events at once, matches them against
 * the channels, serialises each once and writes the rows in one multi-row insert
 * ({@link OutboxBatches}): one row per event for chat channels, one row per batch for syslog and
 * webhook channels.
 *
 * <p>Never blocks a caller. While the database is down the current batch is kept and retried,
 * and new entries wait in the bounded queue ({@link Settings#capacity}); an entry that finds the
 * queue full is dropped, counted ({@link #droppedCount}) and logged (once per outage).
 */
public final class AlertPublisher implements AlertSink, TraceObserver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);
  /** About 1 MB of JSON per batch row. */
  private static final int MAX_BATCH_CHARS = 1 << 20;

  /**
   * @param capacity entries held in memory while the database is slow or down
   * @param batchSize events drained and written at once (also the most events a batch row holds)
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
  /** Holds {@link AlertEvent}s (for every matching channel), {@link OutboxBatches.ChatOnly}s and {@link OutboxBatches.Targeted}s. */
  private final BlockingQueue<Object> queue;
  private final OutboxBatches batches;
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
    this.batches = new OutboxBatches(settings.batchSize(), MAX_BATCH_CHARS);
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
        offer(new DecisionAlert(t));
      }
    }
  }

  @Override
  public void publish(AlertEvent event) {
    if (wanted(event)) {
      offer(event);
    }
  }

  @Override
  public void publishEarly(AlertEvent event) {
    if (wanted(event)) {
      offer(new OutboxBatches.ChatOnly(event));
    }
  }

  /** Whether some enabled channel wants {@code event} (matched again, per channel, when it is written). */
  private boolean wanted(AlertEvent event) {
    requireNonNull(event, "event");
    ChannelSnapshot s = channels.snapshot();
    return !s.isEmpty() && s.anyWants(event.eventType(), event.env(), event.severity(), event.tool(), event.agent());
  }

  @Override
  public boolean publishTo(String channelId, AlertEvent event) {
    if (channels.channel(channelId).isEmpty()) {
      return false;
    }
    offer(new OutboxBatches.Targeted(channelId, requireNonNull(event, "event")));
    return true;
  }

  private void offer(Object e) {
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

  /** Outbox rows added (since start): one per chat event, one per batch for bulk channels. */
  public long storedCount() {
    return stored.sum();
  }

  /** Entries waiting in memory. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    List<Object> drained = new ArrayList<>(settings.batchSize());
    List<OutboxRepository.Row> rows = null; // written, or held while the database is down
    boolean failing = false;
    while (running.get() || !queue.isEmpty() || rows != null) {
      try {
        if (rows == null) {
          Object first = queue.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          drained.add(first);
          queue.drainTo(drained, settings.batchSize() - 1);
          rows = batches.rows(channels.snapshot(), drained);
          drained.clear();
        }
        // The same rows (same batch ids) are written again after a failure: a retry adds nothing twice.
        int added = outbox.add(rows);
        stored.add(added);
        rows = null;
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
        int held = (rows == null ? drained.size() : rows.size()) + queue.size();
        if (!failing) {
          failing = true;
          log.warn("alert outbox not writable ({}); holding {} row(s) and event(s) in memory and retrying",
              e.getMessage(), held);
        }
        if (!running.get()) {
          log.error("stopping with {} alert row(s) and event(s) not written to the outbox", held);
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
