package dev.airlock.proxy.policy;

import java.util.Locale;

/** Risk signals the engine can evaluate from request facts alone, with their default weights. */
public enum RiskSignal {
  /** PII, SECRETS or INTERNAL data found in what leaves. */
  SENSITIVE_DATA_EGRESS(0.4),
  /** A recipient outside the tenant's org domains. */
  EXTERNAL_PRINCIPAL(0.3),
  /** The operation changes the remote system. */
  WRITE_VERB(0.1),
  /** The operation administers the remote system (permissions, settings, deletion). */
  ADMIN_VERB(0.2);

  private final double defaultWeight;

  RiskSignal(double defaultWeight) {
    this.defaultWeight = defaultWeight;
  }

  public double defaultWeight() {
    return defaultWeight;
  }

  /** Name used in traces and configuration, e.g. "sensitive_data_egress". */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
