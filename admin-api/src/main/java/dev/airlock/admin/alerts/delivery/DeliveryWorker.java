package dev.airlock.admin.alerts.delivery;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.AlertEventJson;
import dev.airlock.admin.alerts.Delivery;
import dev.airlock.admin.alerts.OutboxRepository;
import dev.airlock.admin.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox owes, on a thread of its own; any number of nodes may run one over the
 * same database. A row is one event or a batch of events; a batch goes in one send and is settled
 * as one (retried, rate-limited, dead-lettered whole). Each round claims due rows ({@code FOR UPDATE SKIP LOCKED}, leased), sends them
 * and settles each: delivered; failed (due again after an exponential backoff with jitter, dead
 * after {@link Settings#maxAttempts} attempts); or rate-limited (the whole channel waits until the
 * receiver's {@code Retry-After}, without the attempt counting). Once a channel fails in a round,
 * its other rows wait for the next round rather than each waiting out the same timeout.
 */
public final class DeliveryWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
  /** Events one round holds at most (batch rows carry many each): bounds the memory of a round. */
  static final int MAX_CLAIMED_EVENTS = 5_000;

  /**
   * @param maxAttempts failed attempts before a delivery is dead
   * @param baseBackoff wait after the first failure; doubled per failure up to {@code maxBackoff}
   * @param lease how long a claimed row is reserved for this worker
   * @param idlePoll how often the outbox is checked when nothing wakes the worker
   */
  public record Settings(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration lease, int batchSize,
      Duration idlePoll) {
    public Settings {
      if (maxAttempts < 1 || batchSize < 1) {
        throw new IllegalArgumentException("maxAttempts, batchSize: (expected: >= 1)");
      }
      requireNonNull(baseBackoff, "baseBackoff");
      requireNonNull(maxBackoff, "maxBackoff");
      requireNonNull(lease, "lease");
      requireNonNull(idlePoll, "idlePoll");
    }

    public static Settings defaults(int maxAttempts) {
      return new Settings(maxAttempts, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(2), 50,
          Duration.ofMillis(500));
    }
  }

  private final OutboxRepository outbox;
  private final Function<String, Optional<AlertChannel>> channels;
  private final ChannelTransport transport;
  private final Settings settings;
  private final Clock clock;
  private final Thread thread;
  private final Semaphore wake = new Semaphore(0);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, Instant> limitedUntil = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private volatile BooleanSupplier ready = () -> true;
  private boolean failing;

  /**
   * @param channels the channel of a delivery by id (this node's in-memory copy)
   */
  public DeliveryWorker(OutboxRepository outbox, Function<String, Optional<AlertChannel>> channels,
      ChannelTransport transport, Settings settings, Clock clock) {
    this.outbox = requireNonNull(outbox, "outbox");
    this.channels = requireNonNull(channels, "channels");
    this.transport = requireNonNull(transport, "transport");
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.thread = new Thread(this::run, "alert-delivery");
    this.thread.setDaemon(true);
  }

  /** Claims nothing until {@code ready} (the node reached and migrated its database). Returns this. */
  public DeliveryWorker holdUntil(BooleanSupplier ready) {
    this.ready = requireNonNull(ready, "ready");
    return this;
  }

  public DeliveryWorker start() {
    thread.start();
    return this;
  }

  /** Starts a round now (rows were just added). */
  public void wake() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /** Attempts by channel id and outcome ({@code delivered}, {@code failed}, {@code dead}, {@code rate_limited}). */
  public Map<String, Long> outcomes() {
    Map<String, Long> out = new HashMap<>();
    outcomes.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private void run() {
    while (running.get()) {
      boolean full = false;
      try {
        if (ready.getAsBoolean()) {
          full = round() >= settings.batchSize();
          if (failing) {
            failing = false;
            log.info("alert outbox reachable again; delivering");
          }
        }
      } catch (StoreException e) {
        if (!failing) {
          failing = true;
          log.warn("alert outbox unreachable ({}); deliveries wait", e.getMessage());
        }
      } catch (RuntimeException e) {
        log.error("alert delivery round failed", e);
      }
      if (!full) {
        try {
          wake.tryAcquire(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
          wake.drainPermits();
        } catch (InterruptedException e) {
          Thread.interrupted();
        }
      }
    }
  }

  /** One round; returns how many rows it claimed. */
  int round() {
    List<Delivery> due = outbox.claim(settings.batchSize(), MAX_CLAIMED_EVENTS, settings.lease());
    Map<String, Instant> failedThisRound = new HashMap<>();
    for (Delivery d : due) {
      if (!running.get()) {
        // Stopping: what this round did not send is handed back at once, not after the lease.
        outbox.postpone(d.id(), clock.instant(), d.lastError());
        continue;
      }
      settle(d, failedThisRound);
    }
    return due.size();
  }

  private void settle(Delivery d, Map<String, Instant> failedThisRound) {
    Instant now = clock.instant();
    Optional<AlertChannel> channel = channels.apply(d.channelId());
    if (channel.isEmpty()) {
      // Deleted channels take their rows with them; one this node does not know yet comes back later.
      outbox.postpone(d.id(), now.plus(settings.idlePoll().multipliedBy(4)), d.lastError());
      return;
    }
    Instant limited = limitedUntil.get(d.channelId());
    if (limited != null && limited.isAfter(now)) {
      outbox.postpone(d.id(), limited, d.lastError());
      return;
    }
    Instant sameRound = failedThisRound.get(d.channelId());
    if (sameRound != null) {
      outbox.postpone(d.id(), sameRound, d.lastError());
      return;
    }
    List<AlertEvent> events;
    try {
      events = events(d);
    } catch (RuntimeException e) {
      outbox.failed(d.id(), d.attempts() + 1, now, "unreadable event: " + e.getMessage(), true);
      count(d.channelId(), "dead");
      return;
    }
    Outcome outcome = d.batch() ? transport.sendBatch(channel.get(), events) : transport.send(channel.get(), events.get(0));
    String error = outcome.error() == null ? null : Scrub.secrets(channel.get(), outcome.error());
    switch (outcome.kind()) {
      case DELIVERED -> {
        outbox.delivered(d.id(), d.attempts() + 1);
        count(d.channelId(), "delivered");
      }
      case RATE_LIMITED -> {
        limitedUntil.put(d.channelId(), outcome.retryAt());
        outbox.postpone(d.id(), outcome.retryAt(), error);
        failedThisRound.put(d.channelId(), outcome.retryAt());
        count(d.channelId(), "rate_limited");
      }
      case FAILED -> {
        int attempts = d.attempts() + 1;
        boolean dead = attempts >= settings.maxAttempts();
        Instant next = now.plus(backoff(attempts));
        outbox.failed(d.id(), attempts, next, error, dead);
        failedThisRound.put(d.channelId(), next);
        count(d.channelId(), dead ? "dead" : "failed");
        if (dead) {
          log.warn("alert delivery {} ({} event(s)) to channel {} is dead after {} attempts: {}", d.id(),
              d.eventCount(), channel.get().name(), attempts, error);
        }
      }
    }
  }

  /** The row's event, or its batch's events in order. */
  private static List<AlertEvent> events(Delivery d) {
    if (!d.batch()) {
      return List.of(AlertEventJson.fromJson(d.event()));
    }
    List<AlertEvent> out = new ArrayList<>(d.event().size());
    d.event().forEach(e -> out.add(AlertEventJson.fromJson(e)));
    return out;
  }

  /** base × 2^(attempts−1), capped, then ±20 % jitter so that failed deliveries do not retry in step. */
  Duration backoff(int attempts) {
    long base = settings.baseBackoff().toMillis();
    long max = settings.maxBackoff().toMillis();
    long delay = attempts >= 31 ? max : Math.min(max, base << Math.max(0, attempts - 1));
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis(Math.max(1, Math.round(delay * jitter)));
  }

  private void count(String channelId, String outcome) {
    outcomes.computeIfAbsent(channelId + "\t" + outcome, k -> new LongAdder()).increment();
  }

  @Override
  public void close() {
    running.set(false);
    wake.release();
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
