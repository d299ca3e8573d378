package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import java.util.List;
import java.util.Optional;

/** One page of traces, newest first; {@code next} is present when more rows match. */
public record TracePage(List<Trace> items, Optional<KeysetCursor> next) {
  public TracePage {
    items = List.copyOf(items);
  }
}
