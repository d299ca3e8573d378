package dev.airlock.admin.alerts.siem;

import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.delivery.ChannelTransport;
import dev.airlock.admin.alerts.delivery.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers alert events to {@code syslog} channels: each event as RFC 5424 messages in the
 * channel's format (CEF, OCSF or JSON) through one {@link SyslogSender} per channel, kept open
 * between deliveries and replaced when the channel's configuration changes. A batch is written in
 * one go (every message framed, one flush; over UDP one datagram per message). A failure is a failed
 * attempt (retried with backoff by the delivery worker, then dead-lettered).
 */
public final class SyslogTransport implements ChannelTransport, AutoCloseable {
  /** A channel's open sender and the configuration it was opened with. */
  private record Open(SyslogConfig config, SiemMessages messages, SyslogSender sender) {}

  private final Map<String, Open> open = new ConcurrentHashMap<>();

  @Override
  public Outcome send(AlertChannel channel, AlertEvent event) {
    return sendBatch(channel, List.of(event));
  }

  @Override
  public Outcome sendBatch(AlertChannel channel, List<AlertEvent> events) {
    Open o;
    try {
      o = senderFor(channel);
    } catch (SyslogConfigException e) {
      return Outcome.failed("syslog channel config: " + e.getMessage());
    }
    try {
      List<String> messages = new ArrayList<>(events.size());
      for (AlertEvent event : events) {
        messages.addAll(o.messages().messages(event));
      }
      o.sender().send(messages);
      return Outcome.delivered();
    } catch (IOException e) {
      return Outcome.failed("syslog " + o.config().protocol().name().toLowerCase(java.util.Locale.ROOT) + " to "
          + o.config().host() + ":" + o.config().port() + ": " + oneLine(e));
    }
  }

  private Open senderFor(AlertChannel channel) {
    SyslogConfig config = SyslogConfig.of(channel.spec().config());
    Open current = open.get(channel.id());
    if (current != null && current.config().equals(config)) {
      return current;
    }
    Open fresh = new Open(config, SiemMessages.forChannel(config), new SyslogSender(config));
    Open previous = open.put(channel.id(), fresh);
    if (previous != null) {
      previous.sender().close();
    }
    return fresh;
  }

  private static String oneLine(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ");
  }

  @Override
  public void close() {
    open.values().forEach(o -> o.sender().close());
    open.clear();
  }
}
