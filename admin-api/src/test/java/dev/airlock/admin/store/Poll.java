package dev.airlock.admin.store;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for asynchronous work by polling a condition until a deadline; tests never sleep blindly. */
public final class Poll {
  private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

  private Poll() {}

  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
