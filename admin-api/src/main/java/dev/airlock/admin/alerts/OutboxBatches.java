package dev.airlock.admin.alerts;

import dev.airlock.admin.store.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the events the publisher drained at once into outbox rows, on the publisher's own thread:
 * each event is matched against the channels and serialised once; a chat channel gets one row per
 * event, a bulk channel ({@link ChannelType#batched}) one row per batch — a JSON array of up to
 * {@code maxEvents} events and about {@code maxChars} characters, under a batch id of its own.
 */
final class OutboxBatches {
  /** The event type of a batch row. */
  static final String BATCH = "BATCH";

  private final int maxEvents;
  private final int maxChars;

  OutboxBatches(int maxEvents, int maxChars) {
    if (maxEvents < 1 || maxChars < 1) {
      throw new IllegalArgumentException("maxEvents, maxChars: (expected: >= 1)");
    }
    this.maxEvents = maxEvents;
    this.maxChars = maxChars;
  }

  /** An event for one channel whatever its filters (a channel test, a manual notification). */
  record Targeted(String channelId, AlertEvent event) {}

  /** An early notice for the matching chat channels only (see {@link AlertSink#publishEarly}). */
  record ChatOnly(AlertEvent event) {}

  /** One bulk channel's batch being filled. */
  private final class Open {
    final String channelId;
    final StringBuilder json = new StringBuilder(4096);
    int count;

    Open(String channelId) {
      this.channelId = channelId;
    }

    /** Adds one serialised event; a full batch is cut into {@code rows} first. */
    void add(String event, List<OutboxRepository.Row> rows) {
      if (count > 0 && (count >= maxEvents || json.length() + event.length() + 2 > maxChars)) {
        cut(rows);
      }
      json.append(count == 0 ? '[' : ',').append(event);
      count++;
    }

    void cut(List<OutboxRepository.Row> rows) {
      if (count == 0) {
        return;
      }
      json.append(']');
      rows.add(new OutboxRepository.Row(channelId, Ids.newId("bat"), BATCH, count, json.toString()));
      json.setLength(0);
      count = 0;
    }
  }

  /**
   * The rows for {@code drained} (each an {@link AlertEvent} for every matching channel, a {@link
   * ChatOnly} one for the matching chat channels, or a {@link Targeted} one), matched against
   * {@code channels}.
   */
  List<OutboxRepository.Row> rows(ChannelSnapshot channels, List<Object> drained) {
    List<OutboxRepository.Row> rows = new ArrayList<>();
    Map<String, Open> open = new LinkedHashMap<>();
    for (Object item : drained) {
      if (item instanceof Targeted t) {
        rows.add(new OutboxRepository.Entry(t.channelId(), t.event()).row());
        continue;
      }
      boolean chatOnly = item instanceof ChatOnly;
      AlertEvent event = chatOnly ? ((ChatOnly) item).event() : (AlertEvent) item;
      String json = null;
      for (String id : channels.matching(event)) {
        Optional<AlertChannel> channel = channels.channel(id);
        boolean bulk = channel.isPresent() && channel.get().type().batched();
        if (bulk && chatOnly) {
          continue;
        }
        if (json == null) {
          json = AlertEventJson.toJson(event).toString();
        }
        if (bulk) {
          open.computeIfAbsent(id, Open::new).add(json, rows);
        } else {
          rows.add(new OutboxRepository.Row(id, event.eventId(), event.eventType(), 1, json));
        }
      }
    }
    open.values().forEach(o -> o.cut(rows));
    return rows;
  }
}
