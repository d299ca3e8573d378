package dev.airlock.proxy.policy;

/** What the proxy does with a request. Declared from least to most strict. */
public enum Action {
  ALLOW,
  SANITIZE,
  REQUIRE_APPROVAL,
  DENY;

  /** Higher is stricter: DENY > REQUIRE_APPROVAL > SANITIZE > ALLOW. */
  public int strictness() {
    return ordinal();
  }
}
