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
   * Queues {@code event} for one channel regardless of its filters (a person chose to notify it).
   *
   * @return false when no such channel exists
   */
  boolean publishTo(String channelId, AlertEvent event);
}
