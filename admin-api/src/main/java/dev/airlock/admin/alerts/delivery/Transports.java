package dev.airlock.admin.alerts.delivery;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.ChannelType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which transport sends each channel type. The HTTP types share {@link HttpTransport}; {@code
 * syslog} is sent only once a transport is registered for it ({@link #with}), and until then every
 * syslog delivery fails with a clear "not available" error (and is retried, then dead-lettered).
 */
public final class Transports implements ChannelTransport {
  private final Map<ChannelType, ChannelTransport> byType;

  private Transports(Map<ChannelType, ChannelTransport> byType) {
    this.byType = byType;
  }

  /** Every HTTP type through {@code http}; syslog not available. */
  public static Transports http(ChannelTransport http) {
    requireNonNull(http, "http");
    Map<ChannelType, ChannelTransport> m = new EnumMap<>(ChannelType.class);
    for (ChannelType t : ChannelType.values()) {
      if (t != ChannelType.SYSLOG) {
        m.put(t, http);
      }
    }
    return new Transports(m);
  }

  /** These transports plus {@code transport} for {@code type}. */
  public Transports with(ChannelType type, ChannelTransport transport) {
    Map<ChannelType, ChannelTransport> m = new EnumMap<>(byType);
    m.put(requireNonNull(type, "type"), requireNonNull(transport, "transport"));
    return new Transports(m);
  }

  @Override
  public Outcome send(AlertChannel channel, AlertEvent event) {
    ChannelTransport t = byType.get(channel.type());
    if (t == null) {
      return Outcome.failed(channel.type().slug() + " delivery is not available on this node");
    }
    return t.send(channel, event);
  }

  @Override
  public Outcome sendBatch(AlertChannel channel, List<AlertEvent> events) {
    ChannelTransport t = byType.get(channel.type());
    if (t == null) {
      return Outcome.failed(channel.type().slug() + " delivery is not available on this node");
    }
    return t.sendBatch(channel, events);
  }
}
