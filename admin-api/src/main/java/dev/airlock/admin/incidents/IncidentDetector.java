package dev.airlock.admin.incidents;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.TraceObserver;
import dev.airlock.proxy.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the trace stream for the triggers' events. Matching happens in memory on the trace
 * writer's thread (a few comparisons per trace); the events found go into a bounded backlog that
 * {@code executor} drains, where the database counts them across nodes ({@link SignalCorrelator})
 * and the auto-actions run. The trace writer is never slowed by the database. While the database
 * is unreachable, the events not stored are held and tried again every {@code retryInterval}
 * (counted once each when they get through); new events wait in the backlog, and an event that
 * finds it full is dropped, counted ({@link #dropped}) and logged (once per outage).
 *
 * <p>{@code trust_drop} samples the agent's trust as traces carry it: a sample is kept when the
 * value moved since the last one this node kept, so a steady agent costs nothing.
 */
public final class IncidentDetector implements TraceObserver {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentDetector.class);
  /** Trust moves smaller than this are not sampled again. */
  private static final double TRUST_STEP = 0.005;
  /** Events correlated per call of the correlator. */
  private static final int ROUND = 1_000;
  static final int DEFAULT_CAPACITY = 10_000;
  static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);

  private final LiveRules rules;
  private final SignalCorrelator correlator;
  private final AutoResponder responder;
  private final Executor executor;
  private final Duration retryInterval;
  private final Map<String, Double> lastTrust = new ConcurrentHashMap<>();
  private final BlockingQueue<Signal> backlog;
  private final int capacity;
  /** Set while a drain is queued, running, or waiting to retry: one at a time, in order. */
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean dropLogged = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  /** Events the database refused to take, tried first on the next drain (only the draining thread uses it). */
  private volatile List<Signal> held = List.of();
  private volatile boolean failing;

  IncidentDetector(LiveRules rules, SignalCorrelator correlator, AutoResponder responder, Executor executor) {
    this(rules, correlator, responder, executor, DEFAULT_CAPACITY, DEFAULT_RETRY);
  }

  /**
   * @param capacity events held in memory while the database is slow or down
   * @param retryInterval wait before events the database refused are tried again
   */
  IncidentDetector(LiveRules rules, SignalCorrelator correlator, AutoResponder responder, Executor executor,
      int capacity, Duration retryInterval) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
    }
    this.rules = rules;
    this.correlator = correlator;
    this.responder = responder;
    this.executor = executor;
    this.capacity = capacity;
    this.retryInterval = requireNonNull(retryInterval, "retryInterval");
    this.backlog = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public void observe(List<Trace> batch) {
    List<IncidentTrigger> enabled = rules.enabled();
    boolean found = false;
    for (Trace t : batch) {
      for (IncidentTrigger trigger : enabled) {
        if (!trigger.matches(t)) {
          continue;
        }
        Signal s = signal(trigger, t);
        if (s != null) {
          found = true;
          offer(s);
        }
      }
    }
    if (found) {
      schedule();
    }
  }

  private void offer(Signal s) {
    if (!backlog.offer(s)) {
      dropped.incrementAndGet();
      if (dropLogged.compareAndSet(false, true)) {
        LOG.error("incident detection backlog full ({} events waiting for the database): events are being dropped"
            + " and counted (airlock_incident_events_dropped_total)", capacity);
      }
    }
  }

  /** Starts a drain on the executor unless one is under way; a refused start leaves the backlog for the next. */
  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        draining.set(false);
      }
    }
  }

  /** Correlates the held events, then the backlog, until both are empty or the database fails. */
  void drain() {
    while (true) {
      List<Signal> round = new ArrayList<>(held);
      held = List.of();
      backlog.drainTo(round, Math.max(0, ROUND - round.size()));
      if (round.isEmpty()) {
        break;
      }
      List<Signal> unstored = correlate(round, rules.current());
      if (!unstored.isEmpty()) {
        held = unstored;
        CompletableFuture.delayedExecutor(retryInterval.toMillis(), TimeUnit.MILLISECONDS, Runnable::run)
            .execute(this::retry);
        return; // still draining: the retry carries on
      }
      if (failing) {
        failing = false;
        dropLogged.set(false);
        LOG.info("incident detection reaches the database again");
      }
    }
    draining.set(false);
    if (!backlog.isEmpty()) {
      schedule();
    }
  }

  private void retry() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The executor is shut down or full: the next observed event starts a drain again.
      draining.set(false);
    }
  }

  private Signal signal(IncidentTrigger trigger, Trace t) {
    if (trigger != IncidentTrigger.TRUST_DROP) {
      return new Signal(trigger, t.env(), t.agent(), t.id(), t.time(), 0, 0);
    }
    double trust = t.riskSignals().get(IncidentTrigger.TRUST_SIGNAL);
    double[] previous = {Double.NaN};
    boolean[] moved = {false};
    lastTrust.compute(t.env() + "\n" + t.agent(), (k, last) -> {
      if (last != null && Math.abs(last - trust) < TRUST_STEP) {
        return last;
      }
      previous[0] = last == null ? Double.NaN : last;
      moved[0] = true;
      return trust;
    });
    return moved[0] ? new Signal(trigger, t.env(), t.agent(), t.id(), t.time(), trust, previous[0]) : null;
  }

  /**
   * Counts, opens or extends incidents and runs the auto-actions (on the executor). Returns the
   * events not stored because the database could not be reached.
   */
  List<Signal> correlate(List<Signal> signals, IncidentRules current) {
    SignalCorrelator.Result result;
    try {
      result = correlator.process(signals, current);
    } catch (RuntimeException e) {
      long before = dropped.getAndAdd(signals.size());
      LOG.warn("incident detection failed for {} event(s), dropped ({} so far): {}", signals.size(),
          before + signals.size(), e.getMessage());
      return List.of();
    }
    if (result.unavailable() != null && !failing) {
      failing = true;
      LOG.warn("incident detection cannot reach the database ({}); holding {} event(s) and retrying",
          result.unavailable().getMessage(), result.unstored().size() + backlog.size());
    }
    for (Correlation c : result.correlations()) {
      try {
        IncidentTrigger trigger = IncidentTrigger.of(c.incident().trigger());
        responder.respond(c, current.of(trigger));
      } catch (RuntimeException e) {
        LOG.warn("incident {}: auto-actions failed: {}", c.incident().id(), e.getMessage());
      }
    }
    return result.unstored();
  }

  /** Events waiting in memory (the backlog; not counting those held for a retry). */
  public int queued() {
    return backlog.size();
  }

  /** Events dropped because the backlog was full, or because correlating them failed for good. */
  public long dropped() {
    return dropped.get();
  }
}
