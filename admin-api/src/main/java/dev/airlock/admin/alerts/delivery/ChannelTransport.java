package dev.airlock.admin.alerts.delivery;

import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertEvent;
import java.util.List;

/**
 * Sends one event, or one batch of events, to one channel and says how it went. Called on the
 * delivery worker's thread; may block (with its own timeouts). The syslog transport plugs in here.
 */
@FunctionalInterface
public interface ChannelTransport {
  Outcome send(AlertChannel channel, AlertEvent event);

  /**
   * Sends {@code events} in one go (one request, one write), all or nothing as far as the outcome
   * goes: a failure means the whole batch is tried again.
   */
  default Outcome sendBatch(AlertChannel channel, List<AlertEvent> events) {
    return Outcome.failed(channel.type().slug() + " channels do not take batches");
  }
}
