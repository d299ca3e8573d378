package dev.airlock.admin.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.alerts.OutboxRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Backoff with jitter and Retry-After in both of its forms. */
class RetryTimingTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  @Test
  void retryAfterTakesSecondsOrAnHttpDateAndIsBounded() {
    assertThat(RetryAfter.parse("120", NOW)).isEqualTo(NOW.plusSeconds(120));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", NOW)).isEqualTo(NOW.plusSeconds(30));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).as("a date in the past").isEqualTo(NOW);
    assertThat(RetryAfter.parse(null, NOW)).isEqualTo(NOW.plus(RetryAfter.DEFAULT));
    assertThat(RetryAfter.parse("soon", NOW)).isEqualTo(NOW.plus(RetryAfter.DEFAULT));
    assertThat(RetryAfter.parse("999999", NOW)).isEqualTo(NOW.plus(RetryAfter.MAX));
  }

  @Test
  void backoffDoublesFromTheBaseUpToTheCapWithinTwentyPercent() {
    DeliveryWorker w = new DeliveryWorker(new OutboxRepository(new org.postgresql.ds.PGSimpleDataSource(),
        new dev.airlock.admin.store.AuditLog(new org.postgresql.ds.PGSimpleDataSource(), Clock.systemUTC())),
        id -> Optional.empty(), (c, e) -> Outcome.delivered(), DeliveryWorker.Settings.defaults(8), Clock.systemUTC());
    long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000};
    for (int attempt = 1; attempt <= expected.length; attempt++) {
      for (int i = 0; i < 50; i++) {
        long ms = w.backoff(attempt).toMillis();
        assertThat(ms).as("attempt " + attempt).isBetween(Math.round(expected[attempt - 1] * 0.8),
            Math.round(expected[attempt - 1] * 1.2));
      }
    }
    assertThat(w.backoff(1000)).isLessThanOrEqualTo(Duration.ofMinutes(6));
  }
}
