package dev.airlock.proxy.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that inspect and decide large requests away from the event loops. Scanning a body of a
 * megabyte takes milliseconds, and a hostile one built to make rules work hard can take far longer:
 * on an event loop that time would stall every other connection the loop serves. One thread per
 * core (inspection is pure CPU work) and a bounded queue; a request that finds the queue full is
 * answered 503 rather than waiting without bound.
 */
final class InspectionWorkers {
  /**
   * Bodies at least this large (decoded) are inspected on a worker. Below it, inspection takes well
   * under a millisecond for ordinary text, less than the two thread hand-offs cost in throughput
   * (measured: the 64 KB benchmark scenario lost about 9 % of its requests per CPU second with the
   * hop); the hostile shapes of LargeBodyTest stay under a quarter of a second at this size.
   */
  static final int OFFLOAD_BYTES = 128 * 1024;
  private static final int QUEUE = 4096;
  private static final ExecutorService SHARED = create(Math.max(1, Runtime.getRuntime().availableProcessors()));

  private InspectionWorkers() {}

  /**
   * Runs {@code task} on a worker.
   *
   * @throws RejectedExecutionException when every worker is busy and the queue is full
   */
  static void execute(Runnable task) {
    SHARED.execute(task);
  }

  private static ExecutorService create(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "airlock-inspect-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
