package dev.airlock.proxy.config;

import java.util.Locale;

/** What to do with a request body larger than the inspection limit. */
public enum OversizePolicy {
  DENY,
  ALLOW_UNINSPECTED;

  public static OversizePolicy parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("oversize_policy: \"" + s + "\" (expected: deny, allow_uninspected)", e);
    }
  }
}
