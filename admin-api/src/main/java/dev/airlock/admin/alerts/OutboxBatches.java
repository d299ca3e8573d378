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
 * {@code maxEvents} events and about {@code maxChars} characters, under a batch id of its own,
 * stored deflated ({@link DeflatedJson}).
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
    final Payloads payloads;
    List<String> events = new ArrayList<>();
    int chars;

    Open(String channelId, Payloads payloads) {
      this.channelId = channelId;
      this.payloads = payloads;
    }

    /** Adds one serialised event; a full batch is cut into {@code rows} first. */
    void add(String event, List<OutboxRepository.Row> rows) {
      if (!events.isEmpty() && (events.size() >= maxEvents || chars + event.length() + 2 > maxChars)) {
        cut(rows);
      }
      events.add(event);
      chars += event.length() + 1;
    }

    void cut(List<OutboxRepository.Row> rows) {
      if (events.isEmpty()) {
        return;
      }
      rows.add(OutboxRepository.Row.batch(channelId, Ids.newId("bat"), events.size(), payloads.of(events)));
      events = new ArrayList<>();
      chars = 0;
    }
  }

  /**
   * Deflated batches of one drain. Bulk channels with the same filters (a SIEM and a log intake
   * both taking every decision) cut the same events into the same batches: those are deflated once.
   * Events are compared by identity, each being serialised once per drain.
   */
  private static final class Payloads {
    private final List<List<String>> lists = new ArrayList<>();
    private final List<byte[]> bytes = new ArrayList<>();

    byte[] of(List<String> events) {
      for (int i = 0; i < lists.size(); i++) {
        if (sameEvents(lists.get(i), events)) {
          return bytes.get(i);
        }
      }
      byte[] deflated = DeflatedJson.write(events);
      lists.add(events);
      bytes.add(deflated);
      return deflated;
    }

    private static boolean sameEvents(List<String> a, List<String> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) != b.get(i)) {
          return false;
        }
      }
      return true;
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
    Payloads payloads = new Payloads();
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
          open.computeIfAbsent(id, k -> new Open(k, payloads)).add(json, rows);
        } else {
          rows.add(OutboxRepository.Row.single(id, event.eventId(), event.eventType(), json));
        }
      }
    }
    open.values().forEach(o -> o.cut(rows));
    return rows;
  }
}
