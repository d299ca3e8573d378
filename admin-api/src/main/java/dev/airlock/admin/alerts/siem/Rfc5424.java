package dev.airlock.admin.alerts.siem;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Builds RFC 5424 syslog messages: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG}.
 * Header fields are printable US-ASCII cut to their RFC lengths ({@code -} when empty); there is no
 * structured data; MSG is UTF-8 without a BOM (the {@code MSG-ANY} form, which CEF receivers expect).
 * PRI is {@code facility * 8 + severity}, with the severity taken from the alert (LOW notice,
 * MEDIUM warning, HIGH error, CRITICAL critical).
 */
public final class Rfc5424 {
  /** The APP-NAME Airlock sends. */
  public static final String APP_NAME = "airlock";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private final SyslogFacility facility;
  private final String hostname;
  private final String procId;

  /**
   * @param facility facility of every message
   * @param hostname HOSTNAME field (this node's name)
   * @param procId PROCID field (e.g. the process id)
   */
  public Rfc5424(SyslogFacility facility, String hostname, String procId) {
    this.facility = requireNonNull(facility, "facility");
    this.hostname = field(hostname, 255);
    this.procId = field(procId, 128);
  }

  /** A builder for this process: the local host name and the process id. */
  public static Rfc5424 forThisProcess(SyslogFacility facility) {
    return new Rfc5424(facility, LocalHost.name(), Long.toString(ProcessHandle.current().pid()));
  }

  /**
   * One message.
   *
   * @param severity LOW..CRITICAL (unknown counts as LOW)
   * @param time the event time (sent in UTC with milliseconds)
   * @param msgId MSGID, e.g. the event type (at most 32 characters kept)
   * @param msg the payload (CEF line or JSON); must not contain line breaks when LF framing is used
   */
  public String message(String severity, Instant time, String msgId, String msg) {
    int pri = facility.code() * 8 + AlertSeverity.of(severity).syslog();
    return "<" + pri + ">1 " + TIMESTAMP.format(time.truncatedTo(ChronoUnit.MILLIS)) + " " + hostname + " "
        + APP_NAME + " " + procId + " " + field(msgId, 32) + " - " + (msg == null ? "" : msg);
  }

  /** Printable US-ASCII (33..126) only, others replaced by {@code _}; {@code -} when empty. */
  static String field(String value, int maxLength) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
    for (int i = 0; i < value.length() && out.length() < maxLength; i++) {
      char c = value.charAt(i);
      out.append(c >= 33 && c <= 126 ? c : '_');
    }
    return out.toString();
  }
}
