package dev.airlock.admin.alerts.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: delay seconds or an HTTP date (RFC 9110 §10.2.3). */
final class RetryAfter {
  /** When a 429 names no time. */
  static final Duration DEFAULT = Duration.ofSeconds(30);
  /** A receiver asking for longer is waited for this long at most, then tried again. */
  static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  static Instant parse(String value, Instant now) {
    Duration wait = DEFAULT;
    if (value != null && !value.isBlank()) {
      String v = value.trim();
      try {
        wait = Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
      } catch (NumberFormatException e) {
        try {
          wait = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException bad) {
          wait = DEFAULT;
        }
      }
    }
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    return now.plus(wait.compareTo(MAX) > 0 ? MAX : wait);
  }
}
