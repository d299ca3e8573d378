package dev.airlock.admin.store;

/**
 * The stop flag of a background loop that pauses between attempts: setting it ends a pause under
 * way at once, so closing never waits out a backoff.
 */
public final class StopSignal {
  private volatile boolean set;

  public boolean isSet() {
    return set;
  }

  public synchronized void set() {
    set = true;
    notifyAll();
  }

  /** Waits for {@code nanos}, or less when the signal is set (or the thread interrupted). */
  public synchronized void pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    long left = nanos;
    while (!set && left > 0) {
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        return; // these loops are interrupted only when they are being closed
      }
      left = deadline - System.nanoTime();
    }
  }
}
