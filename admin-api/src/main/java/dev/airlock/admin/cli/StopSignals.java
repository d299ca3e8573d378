package dev.airlock.admin.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into a graceful stop: the first signal starts it, a second one
 * cuts the wait for exchanges in progress.
 *
 * <p>Signals are handled directly rather than in a JVM shutdown hook because the JVM runs all hooks
 * at once: the embedded database library's own hook would stop PostgreSQL while the proxy still
 * drains (and the traces of the last exchanges could not reach it), and the process would exit with
 * status 143 instead of 0. The node's own hook still covers every other way the JVM ends.
 */
final class StopSignals {
  private StopSignals() {}

  static void install(Runnable first, Runnable again) {
    AtomicBoolean seen = new AtomicBoolean();
    SignalHandler handler = signal -> {
      if (seen.compareAndSet(false, true)) {
        first.run();
      } else {
        again.run();
      }
    };
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), handler);
      } catch (IllegalArgumentException e) {
        // The JVM keeps this signal for itself (-Xrs): the shutdown hook still closes the node.
      }
    }
  }
}
