package dev.airlock.admin.alerts.siem;

/** A syslog channel configuration that cannot work; {@link #field()} names the offending key. */
public final class SyslogConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  SyslogConfigException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The configuration key at fault (e.g. {@code port}). */
  public String field() {
    return field;
  }
}
