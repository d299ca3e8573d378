package dev.airlock.admin.alerts.delivery;

import java.time.Instant;

/**
 * How one attempt to send went.
 *
 * @param retryAt for {@link Kind#RATE_LIMITED}: when the channel takes requests again
 * @param error for anything but {@link Kind#DELIVERED}: one line, never a secret
 */
public record Outcome(Kind kind, Instant retryAt, String error) {
  /** What an attempt's result means for the delivery. */
  public enum Kind {
    /** Accepted by the receiver. */
    DELIVERED,
    /** Failed; counts toward the dead letter, retried after a backoff. */
    FAILED,
    /** Refused with 429: the whole channel waits until {@code retryAt}; not counted as a failure. */
    RATE_LIMITED
  }

  public static Outcome delivered() {
    return new Outcome(Kind.DELIVERED, null, null);
  }

  public static Outcome failed(String error) {
    return new Outcome(Kind.FAILED, null, error);
  }

  public static Outcome rateLimited(Instant until, String error) {
    return new Outcome(Kind.RATE_LIMITED, until, error);
  }
}
