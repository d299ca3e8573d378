package dev.airlock.admin.alerts.siem;

/** Syslog transports: RFC 5426 (UDP), RFC 6587 (TCP), RFC 5425 (TLS). */
public enum SyslogProtocol {
  UDP(514),
  TCP(514),
  TLS(6514);

  private final int defaultPort;

  SyslogProtocol(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /** The IANA port of the transport, used when the configuration names none. */
  public int defaultPort() {
    return defaultPort;
  }
}
