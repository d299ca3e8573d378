package dev.airlock.bench.load;

import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Starts a number of asynchronous tasks at a fixed rate with a cap on how many may be unfinished at
 * once, and waits for them all: a ramp a small machine can take (thousands of TLS handshakes).
 */
final class Paced {
  private Paced() {}

  /**
   * @param task starts task i and returns a future that completes when it has ended, either way
   * @return whether every task ended before the deadline
   */
  static boolean run(int count, double perSecond, int maxPending, Duration deadline, IntFunction<Future<?>> task)
      throws InterruptedException {
    if (perSecond <= 0 || maxPending < 1) {
      throw new IllegalArgumentException("perSecond, maxPending: " + perSecond + ", " + maxPending + " (expected: > 0, >= 1)");
    }
    Semaphore slots = new Semaphore(maxPending);
    CountDownLatch ended = new CountDownLatch(count);
    long intervalNanos = (long) (1e9 / perSecond);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait = start + i * intervalNanos - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      slots.acquire();
      task.apply(i).addListener(f -> {
        slots.release();
        ended.countDown();
      });
    }
    return ended.await(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }
}
