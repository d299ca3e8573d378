package dev.airlock.admin.alerts.siem;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.alerts.AlertEvent;
import java.util.List;

/**
 * Turns alert events into the syslog messages a channel sends: the payload in the channel's format
 * (one CEF line, one OCSF object per class, or one JSON object), each wrapped in an RFC 5424 message
 * whose MSGID is the event type. Payloads never contain a raw line break, so LF framing is safe.
 */
public final class SiemMessages {
  private final SiemFormat format;
  private final Rfc5424 syslog;
  private final CefFormatter cef;
  private final OcsfMapper ocsf;

  public SiemMessages(SiemFormat format, Rfc5424 syslog, String productVersion) {
    this.format = requireNonNull(format, "format");
    this.syslog = requireNonNull(syslog, "syslog");
    this.cef = new CefFormatter(productVersion);
    this.ocsf = new OcsfMapper(productVersion);
  }

  /** Messages for a channel configured by {@code config}, sent from this process. */
  public static SiemMessages forChannel(SyslogConfig config) {
    return new SiemMessages(config.format(), Rfc5424.forThisProcess(config.facility()), ProductVersion.current());
  }

  /** The payloads of {@code event} in this format, without syslog header. */
  public List<String> payloads(AlertEvent event) {
    return switch (format) {
      case CEF -> List.of(cef.format(event));
      case OCSF -> ocsf.mapToJson(event);
      case JSON -> List.of(AlertJson.of(event).toString());
    };
  }

  /** The complete RFC 5424 messages for {@code event}. */
  public List<String> messages(AlertEvent event) {
    return payloads(event).stream()
        .map(payload -> syslog.message(event.severity(), event.time(), event.eventType(), payload))
        .toList();
  }
}
