package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingTaskTest {
  /** Runs what is handed to it only when the test says so. */
  private static final class ManualExecutor implements Executor {
    final Queue<Runnable> queued = new ArrayDeque<>();

    @Override
    public void execute(Runnable r) {
      queued.add(r);
    }

    void runAll() {
      Runnable r;
      while ((r = queued.poll()) != null) {
        r.run();
      }
    }
  }

  @Test
  void requestsWhileARunIsQueuedAreThatRun() {
    ManualExecutor executor = new ManualExecutor();
    AtomicInteger runs = new AtomicInteger();
    CoalescingTask task = new CoalescingTask("t", runs::incrementAndGet, executor);

    for (int i = 0; i < 100; i++) {
      task.request();
    }
    assertThat(executor.queued).hasSize(1);
    executor.runAll();
    assertThat(runs).hasValue(1);

    task.request();
    executor.runAll();
    assertThat(runs).as("a request after a run causes a new one").hasValue(2);
  }

  @Test
  void requestsDuringARunCauseExactlyOneMoreRun() {
    ManualExecutor executor = new ManualExecutor();
    AtomicInteger runs = new AtomicInteger();
    CoalescingTask[] self = new CoalescingTask[1];
    self[0] = new CoalescingTask("t", () -> {
      if (runs.incrementAndGet() == 1) {
        for (int i = 0; i < 50; i++) {
          self[0].request(); // changes announced while the first reload reads
        }
      }
    }, executor);

    self[0].request();
    executor.runAll();
    assertThat(runs).hasValue(2);
    assertThat(executor.queued).isEmpty();
  }

  @Test
  void aFailedRunKeepsTheTaskUsable() {
    ManualExecutor executor = new ManualExecutor();
    AtomicInteger runs = new AtomicInteger();
    CoalescingTask task = new CoalescingTask("t", () -> {
      if (runs.incrementAndGet() == 1) {
        throw new StoreException("read failed", new java.sql.SQLException("down", "08006"));
      }
    }, executor);

    task.request();
    executor.runAll();
    task.request();
    executor.runAll();
    assertThat(runs).hasValue(2);
  }
}
