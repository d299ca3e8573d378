package dev.airlock.proxy.policy;

/** Severity of a decision, from least to most severe. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public Severity max(Severity other) {
    return other != null && other.ordinal() > ordinal() ? other : this;
  }
}
