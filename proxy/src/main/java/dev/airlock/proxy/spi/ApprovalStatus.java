package dev.airlock.proxy.spi;

import java.util.Locale;

/** Where an approval stands. */
public enum ApprovalStatus {
  PENDING, APPROVED, DENIED, EXPIRED;

  /** The lower-case name the store and the API use. */
  public String slug() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code slug}, or null. */
  public static ApprovalStatus of(String slug) {
    for (ApprovalStatus s : values()) {
      if (s.slug().equals(slug)) {
        return s;
      }
    }
    return null;
  }

  public boolean isDecided() {
    return this != PENDING;
  }
}
