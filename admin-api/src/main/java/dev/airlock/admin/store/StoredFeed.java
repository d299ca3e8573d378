package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A threat-intel feed stored through the admin API.
 *
 * @param format {@code plain} or {@code urlhaus}
 * @param content the feed's text as given; null when read for a listing (it may be megabytes)
 * @param indicatorCount indicators found in it when it was stored
 * @param invalidCount lines skipped because they held no indicator
 * @param sha256 hex SHA-256 of the content: what the audit log records instead of the content
 * @param createdAt null before it is stored
 * @param updatedAt null before it is stored
 */
public record StoredFeed(String name, String format, String content, int indicatorCount, int invalidCount,
    String sha256, Instant createdAt, Instant updatedAt) {
  public StoredFeed {
    requireNonNull(name, "name");
    requireNonNull(format, "format");
    requireNonNull(sha256, "sha256");
  }
}
