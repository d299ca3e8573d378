package dev.airlock.admin.approvals;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalRepository;
import dev.airlock.admin.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks pending approvals past their expiry as expired, every {@code tick}, on a thread of its
 * own. Several nodes may sweep the same database: the update is idempotent.
 */
public final class ApprovalExpiry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);

  private final ApprovalRepository approvals;
  private final Clock clock;
  private final Duration tick;
  private final Consumer<Approval> expired;
  private ScheduledExecutorService scheduler;
  private boolean failing;

  /** @param expired told of each approval this node expired (its own waiters learn it at once) */
  public ApprovalExpiry(ApprovalRepository approvals, Clock clock, Duration tick, Consumer<Approval> expired) {
    this.approvals = requireNonNull(approvals, "approvals");
    this.clock = requireNonNull(clock, "clock");
    this.tick = requireNonNull(tick, "tick");
    this.expired = requireNonNull(expired, "expired");
    if (tick.toMillis() < 1) {
      throw new IllegalArgumentException("tick: " + tick + " (expected: >= 1ms)");
    }
  }

  /** Starts sweeping (once; later calls do nothing). */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "airlock-approval-expiry");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::sweep, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One sweep now; returns the approvals it expired. */
  public List<Approval> sweep() {
    try {
      List<Approval> done = approvals.expire(clock.instant());
      done.forEach(expired);
      if (failing) {
        failing = false;
        log.info("approval expiry: the database answers again");
      }
      return done;
    } catch (StoreException e) {
      if (!failing) {
        failing = true;
        log.warn("approval expiry: {}; trying again in {}", e.getMessage(), tick);
      }
      return List.of();
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
