package dev.airlock.admin.alerts;

import java.util.List;

/**
 * The {@code alerts} section of airlock.yaml.
 *
 * @param traceUrl base of trace links in chat cards (the trace id is appended), or null
 * @param maxAttempts failed attempts before a delivery is dead (default 8)
 * @param queueCapacity events held in memory while the outbox cannot be written (default 10 000)
 * @param channels channels declared in the file, upserted by name at startup
 */
public record AlertSettings(String traceUrl, int maxAttempts, int queueCapacity, List<ChannelSpec> channels) {
  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  public AlertSettings {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("max_attempts: " + maxAttempts + " (expected: 1..100)");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue_capacity: " + queueCapacity + " (expected: >= 1)");
    }
    channels = List.copyOf(channels);
  }

  public static AlertSettings defaults() {
    return new AlertSettings(null, DEFAULT_MAX_ATTEMPTS, DEFAULT_QUEUE_CAPACITY, List.of());
  }

  @Override
  public String toString() {
    return "AlertSettings[channels=" + channels.size() + ", maxAttempts=" + maxAttempts + "]";
  }
}
