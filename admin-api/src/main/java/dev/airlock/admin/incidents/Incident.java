package dev.airlock.admin.incidents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One incident as stored.
 *
 * @param trigger a {@link IncidentTrigger} wire name, or {@code manual}
 * @param status open, investigating or closed
 * @param resolution why it was closed (null until then)
 * @param openedBy {@code system} (a trigger) or the admin key that opened it by hand
 * @param traceCount linked traces
 */
public record Incident(
    String id,
    String title,
    String severity,
    String env,
    String agent,
    String trigger,
    String status,
    String resolution,
    String openedBy,
    Instant openedAt,
    Instant updatedAt,
    Instant closedAt,
    int traceCount,
    int noteCount,
    int actionCount) {
  public static final String OPEN = "open";
  public static final String INVESTIGATING = "investigating";
  public static final String CLOSED = "closed";
  public static final String SYSTEM = "system";

  public Incident {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
  }

  public boolean isClosed() {
    return CLOSED.equals(status);
  }
}
