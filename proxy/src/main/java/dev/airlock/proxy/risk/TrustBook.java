package dev.airlock.proxy.risk;

import dev.airlock.proxy.inspect.Standing;
import dev.airlock.proxy.policy.AgentContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every agent's trust score (SPEC §4.3) and pinned scrutiny, in memory. A score starts at {@value
 * #NEUTRAL}, moves on {@link TrustEvent}s and decays back toward neutral with the configured half
 * life. The decision path reads it ({@link #of}); events are recorded from memory callbacks
 * (denials and threat-intel hits seen in traces, approvals, incident outcomes) and queued for the
 * store, which writes them in batches ({@link #drain}) and tells other nodes, which {@link #apply}
 * them.
 */
public final class TrustBook implements Standing {
  public static final double NEUTRAL = AgentContext.NEUTRAL_TRUST;
  public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(1);
  static final int MAX_PENDING = 100_000;

  private final double decayPerMilli;
  private final Clock clock;
  private final AgentTable<Score> scores = new AgentTable<>();
  private final AgentTable<Pin> pins = new AgentTable<>();
  private final ConcurrentLinkedQueue<TrustChange> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();

  public TrustBook(Duration halfLife, Clock clock) {
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("trust.half_life: " + halfLife + " (expected: > 0)");
    }
    this.decayPerMilli = Math.log(2) / halfLife.toMillis();
    this.clock = clock;
  }

  /** The agent's trust at {@code now}: neutral for an agent nothing has happened to. */
  public double trust(String env, String agent, Instant now) {
    Score s = scores.get(env, agent);
    return s == null ? NEUTRAL : s.at(now.toEpochMilli(), decayPerMilli);
  }

  /**
   * Records an event of the agent now: the score moves at once and the change is queued for the
   * store. The entry point for approval decisions and incident outcomes.
   *
   * @param traceId the trace of the request behind it, or null
   * @param approvalId the approval decided, or null
   * @return the change, with the score after it
   */
  public TrustChange record(String env, String agent, TrustEvent event, String traceId, String approvalId) {
    Instant now = clock.instant();
    double[] moved = scores.getOrCreate(env, agent, Score::new).move(now.toEpochMilli(), decayPerMilli, event);
    TrustChange change =
        new TrustChange(env, agent, now, event, moved[1] - moved[0], moved[1], 1, traceId, approvalId);
    if (pendingCount.incrementAndGet() <= MAX_PENDING) {
      pending.add(change);
    } else {
      pendingCount.decrementAndGet();
    }
    return change;
  }

  /** Applies a change another node recorded: its delta moves this node's score the same way. */
  public void apply(TrustChange change) {
    scores.getOrCreate(change.env(), change.agent(), Score::new)
        .shift(change.time().toEpochMilli(), decayPerMilli, change.event(), change.delta());
  }

  /** Sets a score as stored (at start): the latest stored change of the agent and its time. */
  public void load(String env, String agent, double score, Instant at) {
    scores.getOrCreate(env, agent, Score::new).set(score, at.toEpochMilli());
  }

  /** Pins a scrutiny multiplier on the agent until {@code until} (an incident does), replacing any pin. */
  public void pinScrutiny(String env, String agent, double multiplier, Instant until) {
    if (!(multiplier > 0)) {
      throw new IllegalArgumentException("multiplier: " + multiplier + " (expected: > 0)");
    }
    pins.put(env, agent, new Pin(multiplier, until.toEpochMilli()));
  }

  /** Removes a pinned multiplier: the environment's applies again. */
  public void unpin(String env, String agent) {
    pins.put(env, agent, Pin.NONE);
  }

  /** The pinned multiplier in force at {@code now}, or 0. */
  public double pinned(String env, String agent, Instant now) {
    Pin p = pins.get(env, agent);
    return p == null || p.untilMillis <= now.toEpochMilli() ? 0.0 : p.multiplier;
  }

  @Override
  public AgentContext of(AgentContext agent, Instant now) {
    double trust = trust(agent.env(), agent.agent(), now);
    double pin = pinned(agent.env(), agent.agent(), now);
    if (trust == agent.trust() && pin == agent.scrutinyPin()) {
      return agent;
    }
    return new AgentContext(agent.agent(), agent.env(), agent.runtimeType(), trust, pin, agent.scope());
  }

  /**
   * Takes up to {@code max} changes not yet stored, oldest first, consecutive events of the same
   * agent and kind merged into one (a burst of denials is one history row with a count).
   */
  public List<TrustChange> drain(int max) {
    List<TrustChange> out = new ArrayList<>();
    TrustChange c;
    int taken = 0;
    while (taken < max && (c = pending.poll()) != null) {
      pendingCount.decrementAndGet();
      taken++;
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).mergesWith(c)) {
        out.set(last, out.get(last).merge(c));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  /** Puts back changes a failed store could not write, to be tried again. */
  public void requeue(List<TrustChange> changes) {
    for (TrustChange c : changes) {
      pendingCount.incrementAndGet();
      pending.add(c);
    }
  }

  /** One agent's score at the time it last moved. */
  private static final class Score {
    private double score = NEUTRAL;
    private long atMillis = Long.MIN_VALUE;

    synchronized double at(long now, double decayPerMilli) {
      if (atMillis == Long.MIN_VALUE || now <= atMillis) {
        return score;
      }
      return NEUTRAL + (score - NEUTRAL) * Math.exp(-decayPerMilli * (now - atMillis));
    }

    /** The score before and after the event. */
    synchronized double[] move(long now, double decayPerMilli, TrustEvent event) {
      double before = at(now, decayPerMilli);
      score = event.apply(before);
      atMillis = Math.max(now, atMillis);
      return new double[] {before, score};
    }

    synchronized void shift(long when, double decayPerMilli, TrustEvent event, double delta) {
      long now = Math.max(when, atMillis);
      double before = at(now, decayPerMilli);
      double next = event == TrustEvent.FALSE_POSITIVE ? Math.max(before, NEUTRAL) : before + delta;
      score = Math.max(0.0, Math.min(1.0, next));
      atMillis = now;
    }

    synchronized void set(double value, long when) {
      if (when >= atMillis) {
        score = Math.max(0.0, Math.min(1.0, value));
        atMillis = when;
      }
    }
  }

  private record Pin(double multiplier, long untilMillis) {
    static final Pin NONE = new Pin(0.0, Long.MIN_VALUE);
  }
}
