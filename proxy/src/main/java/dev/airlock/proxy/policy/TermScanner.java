package dev.airlock.proxy.policy;

/** Finds which of a fixed set of terms occur in {@code body.toLowerCase(Locale.ROOT)}. */
interface TermScanner {
  /** Bit k (in word k / 64) is set when term k occurs; terms outside the set are never set. */
  long[] scan(String body);
}
