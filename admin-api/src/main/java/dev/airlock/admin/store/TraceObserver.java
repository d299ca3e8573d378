package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import java.util.List;

/**
 * Sees every trace the {@link TraceWriter} takes, a batch at a time, on the writer's thread (or,
 * when its queue overflows, on the caller's). It lets request metrics be counted off the proxy's
 * event loops. Implementations must be quick, thread-safe and must not keep the list.
 */
@FunctionalInterface
public interface TraceObserver {
  TraceObserver NONE = batch -> {};

  void observe(List<Trace> batch);
}
