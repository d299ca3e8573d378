package dev.airlock.proxy.policy;

import java.util.Locale;

/** How an environment applies its decisions. */
public enum EnforcementMode {
  /** Record the decision, always forward. */
  MONITOR,
  /** Forward, but raise alerts for DENY / REQUIRE_APPROVAL. */
  ALERT,
  /** Act on the decision. */
  ENFORCE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EnforcementMode parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
