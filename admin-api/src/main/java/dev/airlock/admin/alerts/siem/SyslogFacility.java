package dev.airlock.admin.alerts.siem;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Syslog facilities (RFC 5424 §6.2.1) by the names syslog daemons use. */
public enum SyslogFacility {
  KERN(0), USER(1), MAIL(2), DAEMON(3), AUTH(4), SYSLOG(5), LPR(6), NEWS(7), UUCP(8), CRON(9),
  AUTHPRIV(10), FTP(11), NTP(12), SECURITY(13), CONSOLE(14), SOLARIS_CRON(15),
  LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22), LOCAL7(23);

  private final int code;

  SyslogFacility(int code) {
    this.code = code;
  }

  /** The numeric facility (0..23). */
  public int code() {
    return code;
  }

  /**
   * The facility named {@code name} (case-insensitive, e.g. {@code local0}, {@code authpriv}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static SyslogFacility parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("facility: " + name + " (expected one of: " + names() + ")");
    }
  }

  static String names() {
    return Arrays.stream(values())
        .map(f -> f.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
