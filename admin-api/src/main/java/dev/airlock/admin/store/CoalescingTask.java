package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task on an executor after {@link #request}s, folding requests together: however many
 * arrive while a run is queued count as that run, and however many arrive while it runs cause one
 * more run after it. A burst of changes thus costs at most two runs, and the last run always
 * starts after the last request, so it sees the state that request announced.
 */
final class CoalescingTask {
  private static final Logger log = LoggerFactory.getLogger(CoalescingTask.class);
  private static final int IDLE = 0;
  private static final int QUEUED = 1;
  private static final int RUNNING = 2;
  private static final int RUNNING_AGAIN = 3;

  private final String name;
  private final Runnable task;
  private final Executor executor;
  private final AtomicInteger state = new AtomicInteger(IDLE);
  // Written by the executor's thread only.
  private volatile boolean failing;

  CoalescingTask(String name, Runnable task, Executor executor) {
    this.name = requireNonNull(name, "name");
    this.task = requireNonNull(task, "task");
    this.executor = requireNonNull(executor, "executor");
  }

  /** Asks for a run that starts after this call. Never blocks. */
  void request() {
    int before = state.getAndUpdate(s -> switch (s) {
      case IDLE -> QUEUED;
      case RUNNING -> RUNNING_AGAIN;
      default -> s;
    });
    if (before == IDLE) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        state.set(IDLE); // shutting down: nothing left to keep current
      }
    }
  }

  private void drain() {
    state.set(RUNNING);
    while (true) {
      runOnce();
      if (state.compareAndSet(RUNNING, IDLE)) {
        return;
      }
      state.set(RUNNING); // it was RUNNING_AGAIN: a request came during the run
    }
  }

  private void runOnce() {
    try {
      task.run();
      if (failing) {
        failing = false;
        log.info("{}: reloaded again", name);
      }
    } catch (RuntimeException e) {
      // The previous state stays in service; the next change or the periodic resync tries again.
      if (!failing) {
        failing = true;
        log.warn("{}: reload failed, keeping the previous state: {}", name, Causes.oneLine(e));
      }
    }
  }
}
