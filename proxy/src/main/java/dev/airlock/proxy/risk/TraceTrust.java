package dev.airlock.proxy.risk;

import dev.airlock.proxy.policy.RiskSignal;
import dev.airlock.proxy.spi.TraceSink;
import dev.airlock.proxy.trace.Trace;

/**
 * Passes every trace on and lowers the agent's trust for what it shows: a request the engine
 * denied (a rule, or the environment's default action) is a DENY event, one to a destination a
 * threat-intel feed lists a THREAT_INTEL event (instead). Denials before the engine (authentication,
 * private addresses, protocol errors) do not count: they say nothing about the agent's intent. The
 * trace carries the id the event is recorded with. Memory only: safe on an event loop.
 */
public final class TraceTrust implements TraceSink {
  public static final String THREAT_INTEL_MATCH = "THREAT_INTEL_MATCH";
  private static final String DENY = "DENY";

  private final TraceSink next;
  private final TrustBook trust;

  public TraceTrust(TraceSink next, TrustBook trust) {
    this.next = next;
    this.trust = trust;
  }

  @Override
  public void accept(Trace t) {
    try {
      TrustEvent event = eventOf(t);
      if (event != null) {
        trust.record(t.env(), t.agent(), event, t.id(), null);
      }
    } finally {
      next.accept(t);
    }
  }

  /** The trust event a trace stands for, or null. */
  static TrustEvent eventOf(Trace t) {
    if (t.env() == null || t.env().isEmpty() || t.agent() == null || t.agent().isEmpty()) {
      return null;
    }
    Double threat = t.riskSignals().get(RiskSignal.THREAT_INTEL.wireName());
    if ((threat != null && threat > 0) || t.reasons().contains(THREAT_INTEL_MATCH)) {
      return TrustEvent.THREAT_INTEL;
    }
    boolean decidedByEngine = t.ruleRef() != null || t.reasons().contains("DEFAULT_ACTION");
    return DENY.equals(t.decision()) && decidedByEngine ? TrustEvent.DENY : null;
  }
}
