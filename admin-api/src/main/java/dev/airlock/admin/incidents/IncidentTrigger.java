package dev.airlock.admin.incidents;

import dev.airlock.proxy.inspect.BuiltinGuards;
import dev.airlock.proxy.inspect.InspectingDecider;
import dev.airlock.proxy.trace.Trace;
import java.time.Duration;
import java.util.Locale;

/**
 * What opens an incident by itself (SPEC §6), with its defaults. Each counts events of one agent:
 * a trace that matches is an event; {@link #TRUST_DROP} instead samples the agent's trust as the
 * traces carry it ({@code risk_signals.trust}).
 */
public enum IncidentTrigger {
  /** A DENY of CRITICAL severity. */
  CRITICAL_DENY(1, Duration.ofHours(1), "CRITICAL", "Critical request denied"),
  /** DENYs of one agent within the window. */
  DENY_BURST(5, Duration.ofHours(1), "HIGH", "Burst of denied requests"),
  /** A request to a destination a threat-intel feed lists. */
  THREAT_INTEL(1, Duration.ofHours(1), "CRITICAL", "Threat-intel match"),
  /** A write carrying a sensitive value the agent read shortly before. */
  READ_THEN_WRITE(1, Duration.ofMinutes(5), "HIGH", "Read-then-write exfiltration"),
  /** The agent's trust fell by more than the threshold within the window. */
  TRUST_DROP(0.3, Duration.ofHours(1), "MEDIUM", "Trust dropped"),
  /** An ephemeral key used outside its scope. */
  EPHEMERAL_SCOPE(1, Duration.ofHours(1), "HIGH", "Ephemeral key used out of scope");

  /** The trigger name of incidents opened by hand. */
  public static final String MANUAL = "manual";
  static final String TRUST_SIGNAL = "trust";

  private final double defaultThreshold;
  private final Duration defaultWindow;
  private final String defaultSeverity;
  private final String title;

  IncidentTrigger(double defaultThreshold, Duration defaultWindow, String defaultSeverity, String title) {
    this.defaultThreshold = defaultThreshold;
    this.defaultWindow = defaultWindow;
    this.defaultSeverity = defaultSeverity;
    this.title = title;
  }

  /** Name as configured, stored and shown, e.g. {@code deny_burst}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The trigger of a wire name, or null. */
  public static IncidentTrigger of(String wireName) {
    for (IncidentTrigger t : values()) {
      if (t.wireName().equals(wireName)) {
        return t;
      }
    }
    return null;
  }

  /** Whether the threshold counts events (else it is a drop of the sampled value). */
  public boolean counts() {
    return this != TRUST_DROP;
  }

  public TriggerSettings defaults() {
    return new TriggerSettings(true, defaultThreshold, defaultWindow, defaultSeverity, AutoActions.DEFAULT);
  }

  /** The incident title: what happened and to whom. */
  public String title(String agent) {
    return title + ": " + agent;
  }

  /**
   * Whether {@code t} is an event of this trigger ({@link #TRUST_DROP}: whether it carries the
   * agent's trust). Traces of unauthenticated requests never are.
   */
  public boolean matches(Trace t) {
    if (t.env() == null || t.env().isEmpty() || t.agent() == null || t.agent().isEmpty()) {
      return false;
    }
    return switch (this) {
      case CRITICAL_DENY -> "DENY".equals(t.decision()) && "CRITICAL".equals(t.severity());
      case DENY_BURST -> "DENY".equals(t.decision());
      case THREAT_INTEL -> t.reasons().contains(BuiltinGuards.THREAT_INTEL_MATCH);
      case READ_THEN_WRITE -> t.reasons().contains(InspectingDecider.READ_THEN_WRITE_EXFIL);
      case TRUST_DROP -> t.riskSignals().get(TRUST_SIGNAL) != null;
      case EPHEMERAL_SCOPE -> t.reasons().contains(BuiltinGuards.EPHEMERAL_SCOPE_VIOLATION);
    };
  }
}
