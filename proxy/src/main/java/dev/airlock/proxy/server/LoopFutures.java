package dev.airlock.proxy.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** Continues work on the channel's event loop once a future from another executor completes. */
final class LoopFutures {
  private LoopFutures() {}

  /** Runs the callback inline when the future is already done on the loop, else hops back. */
  static <T> void onLoop(CompletableFuture<T> future, EventExecutor loop, BiConsumer<T, Throwable> callback) {
    if (future.isDone() && loop.inEventLoop()) {
      T value;
      try {
        value = future.join();
      } catch (RuntimeException e) {
        callback.accept(null, e.getCause() != null ? e.getCause() : e);
        return;
      }
      callback.accept(value, null);
      return;
    }
    future.whenComplete((v, e) -> loop.execute(() -> callback.accept(v,
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e)));
  }
}
