package dev.airlock.bench.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Hands out requests to idle workers. Closed loop: a worker that finished sends its next request at
 * once. Open loop: requests are due at fixed intervals; a due request waits for an idle worker and
 * its latency still counts from when it was due (no coordinated omission).
 */
final class Dispatcher {
  private final long startNanos;
  private final long stopNanos;
  private final long requestLimit;
  private final long intervalNanos;
  private final boolean rotate;
  private final CountDownLatch retired;
  private final ArrayDeque<Long> due = new ArrayDeque<>();
  private final List<Worker> idle = new ArrayList<>();
  private long issued;
  private long nextDueNanos;
  private boolean generating;

  Dispatcher(long startNanos, Pacing pacing, CountDownLatch retired) {
    this.startNanos = startNanos;
    this.stopNanos = startNanos + pacing.duration().toNanos();
    this.requestLimit = pacing.requestLimit();
    this.intervalNanos = pacing.openLoop() ? Math.max(1, (long) (1e9 / pacing.ratePerSecond())) : 0;
    this.rotate = pacing.rotate();
    this.retired = retired;
    this.nextDueNanos = startNanos;
    this.generating = pacing.openLoop();
  }

  boolean openLoop() {
    return intervalNanos > 0;
  }

  /** Called by a worker on its own loop whenever it has nothing to do. */
  void onIdle(Worker worker) {
    long next;
    synchronized (this) {
      long now = System.nanoTime();
      if (openLoop()) {
        Long t = due.poll();
        if (t == null) {
          if (generating) {
            idle.add(worker);
          } else {
            retired.countDown();
          }
          return;
        }
        next = t;
      } else {
        if (now >= stopNanos || (requestLimit > 0 && issued >= requestLimit)) {
          retired.countDown();
          return;
        }
        issued++;
        next = now;
      }
    }
    worker.start(next);
  }

  /** Open loop only: called periodically; makes due requests and wakes idle workers for them. */
  void tick() {
    List<Runnable> wakeUps = new ArrayList<>();
    synchronized (this) {
      if (!generating) {
        return;
      }
      long now = System.nanoTime();
      while (nextDueNanos <= now
          && nextDueNanos < stopNanos
          && (requestLimit == 0 || issued < requestLimit)) {
        due.add(nextDueNanos);
        issued++;
        nextDueNanos = startNanos + issued * intervalNanos;
      }
      if (nextDueNanos >= stopNanos || (requestLimit > 0 && issued >= requestLimit)) {
        generating = false;
      }
      while (!idle.isEmpty() && !due.isEmpty()) {
        Worker w = idle.remove(rotate ? 0 : idle.size() - 1);
        long t = due.poll();
        wakeUps.add(() -> w.loop().execute(() -> w.start(t)));
      }
      if (!generating && due.isEmpty()) {
        for (Worker w : idle) {
          retired.countDown();
        }
        idle.clear();
      }
    }
    wakeUps.forEach(Runnable::run);
  }

  synchronized boolean generating() {
    return generating;
  }
}
