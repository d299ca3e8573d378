package dev.airlock.admin;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.bootstrap.BootstrapResult;
import dev.airlock.admin.store.Causes;
import dev.airlock.admin.store.StopSignal;
import dev.airlock.admin.store.StoreException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store into service: {@code steps} migrate the schema, settle the deployment's CA,
 * run the first-start bootstrap, load the policies into the engine, load the agent directory and
 * start following changes. An embedded database is
 * started by the node itself, so one synchronous attempt must succeed. An external one may be down
 * when the node starts: after a failed first attempt the node serves without it (agents get 503
 * until the directory is loaded, the admin API answers 503) and this retries in the background
 * with a backoff capped at {@code maxBackoff}, until the database answers.
 */
final class StoreStartup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreStartup.class);

  private final String database;
  private final Supplier<BootstrapResult> steps;
  private final NodeEvents events;
  private final Duration maxBackoff;
  private volatile BootstrapResult result;
  private final StopSignal stop = new StopSignal();
  private Thread retrier;
  private String lastReason;

  StoreStartup(String database, Supplier<BootstrapResult> steps, NodeEvents events, Duration maxBackoff) {
    this.database = requireNonNull(database, "database");
    this.steps = requireNonNull(steps, "steps");
    this.events = requireNonNull(events, "events");
    this.maxBackoff = requireNonNull(maxBackoff, "maxBackoff");
  }

  /** One attempt that must succeed; its failure is the caller's. */
  BootstrapResult runNow() {
    result = steps.get();
    return result;
  }

  /**
   * One attempt; when the database is out of reach or refuses us, reports the reason and returns
   * false. Any other failure (an invalid starter policy, a failed migration) is thrown: waiting
   * would not mend it.
   */
  boolean tryNow() {
    try {
      runNow();
      return true;
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.UNAVAILABLE) {
        throw e;
      }
      report(e);
      return false;
    }
  }

  /** Keeps attempting on a thread of its own until an attempt succeeds or this is closed. */
  synchronized void retryInBackground() {
    if (retrier != null || result != null) {
      return;
    }
    retrier = new Thread(this::retry, "airlock-store-startup");
    retrier.setDaemon(true);
    retrier.start();
  }

  /** The bootstrap outcome once the store is open, else null. */
  BootstrapResult result() {
    return result;
  }

  boolean isOpen() {
    return result != null;
  }

  private void retry() {
    long backoff = Duration.ofMillis(250).toNanos();
    while (!stop.isSet()) {
      stop.pause(backoff);
      backoff = Math.min(backoff * 2, maxBackoff.toNanos());
      if (stop.isSet()) {
        return;
      }
      try {
        if (tryNow()) {
          log.info("the database at {} is reachable now; store ready, agents are served", database);
          events.storeOpened(result);
          return;
        }
      } catch (RuntimeException e) {
        // Reached, but the store cannot be prepared; an operator has to act. Keep trying meanwhile.
        String reason = Causes.oneLine(e);
        if (!isRepeat(reason)) {
          log.error("the store at {} cannot be prepared: {}", database, reason);
        }
        backoff = maxBackoff.toNanos();
      }
    }
  }

  private void report(RuntimeException e) {
    String reason = Causes.oneLine(e);
    if (isRepeat(reason)) {
      return;
    }
    log.debug("store not ready: {}; retrying", reason); // events say it to the operator
    events.storeUnavailable(reason);
  }

  /** Whether this reason was the last one told; numbers (timeouts, counts) do not make it new. */
  private boolean isRepeat(String reason) {
    String shape = reason.replaceAll("\\d+", "#");
    if (shape.equals(lastReason)) {
      return true;
    }
    lastReason = shape;
    return false;
  }



  @Override
  public void close() {
    stop.set();
    Thread t;
    synchronized (this) {
      t = retrier;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
