package dev.airlock.admin.alerts;

/**
 * Where alert events go: into the durable outbox of every channel whose filters match. Never blocks
 * for delivery; a channel that is down never slows the caller.
 */
public interface AlertSink {
  AlertSink NONE = new AlertSink() {
    @Override
    public void publish(AlertEvent event) {}

    @Override
    public boolean publishTo(String channelId, AlertEvent event) {
      return false;
    }
  };

  /** Queues {@code event} for every channel whose environment, event, severity, tool and agent filters match. */
  void publish(AlertEvent event);

  /**
   * Queues an early notice of {@code event} for the matching chat channels only (a request held for
   * approval, so that a person can decide in time). Bulk channels (syslog, webhook) get the event
   * once, when its trace is written; chat channels then skip it (same event id).
   */
  default void publishEarly(AlertEvent event) {
    publish(event);
  }

  /**
   * Queues {@code event} for one channel regardless of its filters (a person chose to notify it).
   *
   * @return false when no such channel exists
   */
  boolean publishTo(String channelId, AlertEvent event);
}
