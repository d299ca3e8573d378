package dev.airlock.admin.alerts.delivery;

import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertEvent;

/**
 * Sends one event to one channel and says how it went. Called on the delivery worker's thread;
 * may block (with its own timeouts). The syslog transport plugs in here.
 */
@FunctionalInterface
public interface ChannelTransport {
  Outcome send(AlertChannel channel, AlertEvent event);
}
