package dev.airlock.admin.alerts;

import java.util.Map;

/** What the alert machinery of a node counts, read by the metrics exposition at scrape time. */
public interface AlertStats {
  /** Events dropped because the in-memory queue was full. */
  long droppedEvents();

  /** Outbox rows this node added. */
  long storedEvents();

  /** Events waiting in memory for the outbox. */
  long queuedEvents();

  /** Delivery attempts by channel name and outcome (delivered, failed, dead, rate_limited). */
  Map<Outcome, Long> deliveries();

  /** One label pair of {@link #deliveries}. */
  record Outcome(String channel, String outcome) {}
}
