package dev.airlock.proxy.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for asynchronous work by polling a condition until a deadline; tests never sleep blindly. */
public final class Poll {
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  private Poll() {}

  /** Returns once {@code condition} holds; fails after {@code timeout}. */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, () -> what, condition);
  }

  /** As {@link #until(Duration, String, BooleanSupplier)}, describing the wait when it fails (e.g. with what was seen). */
  public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Checks that {@code condition} keeps holding for the whole of {@code window} (something that must
   * not happen, watched for a while); fails as soon as it does not.
   */
  public static void holdsFor(Duration window, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + window.toNanos();
    do {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("no longer true within " + window + ": " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    } while (System.nanoTime() < end);
  }
}
