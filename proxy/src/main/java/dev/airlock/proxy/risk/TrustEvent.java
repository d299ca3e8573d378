package dev.airlock.proxy.risk;

import java.util.Locale;

/** What moves an agent's trust (SPEC §4.3), with how much. */
public enum TrustEvent {
  /** A human approved a request the agent made. */
  APPROVAL_GRANTED(0.05),
  /** A human denied a request the agent made. */
  APPROVAL_DENIED(-0.10),
  /** The engine denied a request of the agent. */
  DENY(-0.05),
  /** The agent sent a request to a destination a threat-intel feed lists. */
  THREAT_INTEL(-0.25),
  /** An incident about the agent was opened (an auto-action of its trigger). */
  INCIDENT(-0.15),
  /** An incident about the agent was closed as a false positive: trust goes back to at least neutral. */
  FALSE_POSITIVE(0.0);

  private final double delta;

  TrustEvent(double delta) {
    this.delta = delta;
  }

  /** The score after this event, from {@code score}, within 0..1. */
  public double apply(double score) {
    double next = this == FALSE_POSITIVE ? Math.max(score, TrustBook.NEUTRAL) : score + delta;
    return Math.max(0.0, Math.min(1.0, next));
  }

  /** Name as stored and shown, e.g. "approval_granted". */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The event of a wire name. */
  public static TrustEvent ofWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
