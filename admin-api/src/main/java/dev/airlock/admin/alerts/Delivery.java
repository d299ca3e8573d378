package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/**
 * One row of the outbox: an event, or a batch of events, owed to one channel, and how its delivery
 * went. A batch is sent whole and retried, rate-limited and dead-lettered as one.
 *
 * @param eventId the event's id, or the batch's own id
 * @param eventType the event's type, or {@code BATCH}
 * @param eventCount how many events the row carries (1 for a single event)
 * @param event the event as {@link AlertEventJson} wrote it, or a JSON array of such events
 * @param lastError why the last attempt failed (status line or connection problem; never a secret)
 */
public record Delivery(String id, String channelId, String eventId, String eventType, int eventCount, JsonNode event,
    int attempts,
    Instant nextAttemptAt, Status status, String lastError, Instant createdAt, Instant deliveredAt) {

  /** Where a delivery stands. */
  public enum Status {
    PENDING, DELIVERED, DEAD;

    public String slug() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code slug}, or null. */
    public static Status of(String slug) {
      for (Status s : values()) {
        if (s.slug().equals(slug)) {
          return s;
        }
      }
      return null;
    }
  }

  public Delivery {
    requireNonNull(id, "id");
    requireNonNull(channelId, "channelId");
    requireNonNull(status, "status");
  }

  /** Whether this row carries a batch of events (sent in one request or one write). */
  public boolean batch() {
    return event != null && event.isArray();
  }

  /** The API's view of this delivery. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", id);
    n.put("channel_id", channelId);
    n.put("event_id", eventId);
    n.put("event_type", eventType);
    n.put("batch", batch());
    n.put("event_count", eventCount);
    n.put("status", status.slug());
    n.put("attempts", attempts);
    n.put("next_attempt_at", status == Status.PENDING && nextAttemptAt != null ? nextAttemptAt.toString() : null);
    n.put("last_error", lastError);
    n.put("created_at", createdAt == null ? null : createdAt.toString());
    n.put("delivered_at", deliveredAt == null ? null : deliveredAt.toString());
    n.set("event", event);
    return n;
  }
}
