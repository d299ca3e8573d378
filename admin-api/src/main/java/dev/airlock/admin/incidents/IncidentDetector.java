package dev.airlock.admin.incidents;

import dev.airlock.admin.store.TraceObserver;
import dev.airlock.proxy.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the trace stream for the triggers' events. Matching happens in memory on the trace
 * writer's thread (a few comparisons per trace); the events found are handed to {@code executor},
 * where the database counts them across nodes ({@link SignalCorrelator}) and the auto-actions run.
 * The trace writer is never slowed by the database: when the executor is full, events are dropped
 * and counted ({@link #dropped}).
 *
 * <p>{@code trust_drop} samples the agent's trust as traces carry it: a sample is kept when the
 * value moved since the last one this node kept, so a steady agent costs nothing.
 */
public final class IncidentDetector implements TraceObserver {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentDetector.class);
  /** Trust moves smaller than this are not sampled again. */
  private static final double TRUST_STEP = 0.005;

  private final LiveRules rules;
  private final SignalCorrelator correlator;
  private final AutoResponder responder;
  private final Executor executor;
  private final Map<String, Double> lastTrust = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();

  IncidentDetector(LiveRules rules, SignalCorrelator correlator, AutoResponder responder, Executor executor) {
    this.rules = rules;
    this.correlator = correlator;
    this.responder = responder;
    this.executor = executor;
  }

  @Override
  public void observe(List<Trace> batch) {
    IncidentRules current = rules.current();
    List<IncidentTrigger> enabled = rules.enabled();
    List<Signal> signals = null;
    for (Trace t : batch) {
      for (IncidentTrigger trigger : enabled) {
        if (!trigger.matches(t)) {
          continue;
        }
        Signal s = signal(trigger, t);
        if (s != null) {
          if (signals == null) {
            signals = new ArrayList<>();
          }
          signals.add(s);
        }
      }
    }
    if (signals != null) {
      List<Signal> found = signals;
      try {
        executor.execute(() -> correlate(found, current));
      } catch (RejectedExecutionException e) {
        long before = dropped.getAndAdd(found.size());
        if (before == 0 || before / 1000 != (before + found.size()) / 1000) {
          LOG.warn("incident detection is behind: {} event(s) dropped so far", before + found.size());
        }
      }
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

  /** Counts, opens or extends incidents and runs the auto-actions (on the executor). */
  void correlate(List<Signal> signals, IncidentRules current) {
    try {
      for (Correlation c : correlator.process(signals, current)) {
        IncidentTrigger trigger = IncidentTrigger.of(c.incident().trigger());
        responder.respond(c, current.of(trigger));
      }
    } catch (RuntimeException e) {
      LOG.warn("incident detection failed for {} event(s): {}", signals.size(), e.getMessage());
    }
  }

  /** Events dropped because the executor was full. */
  public long dropped() {
    return dropped.get();
  }
}
