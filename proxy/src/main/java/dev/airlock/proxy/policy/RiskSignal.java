package dev.airlock.proxy.policy;

import java.util.Locale;

/** The risk signals of a request (SPEC §4.2), with their default weights, in the order traces list them. */
public enum RiskSignal {
  /** The agent has never written to this tool/host before. */
  NEW_DESTINATION(0.3),
  /** PII, SECRETS or INTERNAL data found in what leaves. */
  SENSITIVE_DATA_EGRESS(0.4),
  /** A recipient outside the tenant's org domains. */
  EXTERNAL_PRINCIPAL(0.3),
  /** The operation changes the remote system. */
  WRITE_VERB(0.1),
  /** The operation administers the remote system (permissions, settings, deletion). */
  ADMIN_VERB(0.2),
  /** A threat-intel feed lists the destination. */
  THREAT_INTEL(0.9),
  /** The request was made outside the configured working hours (never present when none are configured). */
  OFF_HOURS(0.15),
  /** The agent sends more requests per minute than the burst threshold. */
  BURST(0.3);

  private final double defaultWeight;
  // Asked for every signal of every scored trace: computed once.
  private final String wireName = name().toLowerCase(Locale.ROOT);

  RiskSignal(double defaultWeight) {
    this.defaultWeight = defaultWeight;
  }

  public double defaultWeight() {
    return defaultWeight;
  }

  /** Name used in traces and configuration, e.g. "sensitive_data_egress". */
  public String wireName() {
    return wireName;
  }

  /** The signal of a wire name, or null when there is none. */
  public static RiskSignal ofWireName(String name) {
    for (RiskSignal s : values()) {
      if (s.wireName().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
