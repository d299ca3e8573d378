package dev.airlock.proxy.detect;

/** Decoded characters one scan may still examine; lives for one {@link Detectors#scan} call. */
final class DecodeBudget {
  private long remaining;

  DecodeBudget(long remaining) {
    this.remaining = remaining;
  }

  /** Reserves {@code chars}; false (and nothing reserved) when that would exceed the budget. */
  boolean take(int chars) {
    if (chars > remaining) {
      return false;
    }
    remaining -= chars;
    return true;
  }
}
