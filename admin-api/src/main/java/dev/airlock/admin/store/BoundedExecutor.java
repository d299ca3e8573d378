package dev.airlock.admin.store;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors for blocking JDBC work. Bounded in threads (about the pool size: more threads would
 * only wait for connections) and in queue length, so an overloaded or dead database turns into
 * fast {@link java.util.concurrent.RejectedExecutionException}s instead of unbounded memory.
 */
public final class BoundedExecutor {
  private BoundedExecutor() {}

  public static ExecutorService create(String name, int threads, int queueCapacity) {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            factory,
            new ThreadPoolExecutor.AbortPolicy());
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
