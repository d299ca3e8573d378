package dev.airlock.admin.alerts.siem;

import java.util.Locale;

/**
 * An alert's severity (LOW..CRITICAL) as each SIEM format numbers it: CEF 0-10, syslog severity
 * (RFC 5424 §6.2.1, lower is worse) and OCSF {@code severity_id}.
 */
enum AlertSeverity {
  LOW(3, 5, 2, "Low"),
  MEDIUM(5, 4, 3, "Medium"),
  HIGH(8, 3, 4, "High"),
  CRITICAL(10, 2, 5, "Critical");

  private final int cef;
  private final int syslog;
  private final int ocsfId;
  private final String ocsfCaption;

  AlertSeverity(int cef, int syslog, int ocsfId, String ocsfCaption) {
    this.cef = cef;
    this.syslog = syslog;
    this.ocsfId = ocsfId;
    this.ocsfCaption = ocsfCaption;
  }

  /** The severity named {@code name}; anything unknown counts as LOW rather than losing the alert. */
  static AlertSeverity of(String name) {
    if (name == null) {
      return LOW;
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return LOW;
    }
  }

  /** CEF header severity: LOW 3, MEDIUM 5, HIGH 8, CRITICAL 10. */
  int cef() {
    return cef;
  }

  /** Syslog severity: LOW notice (5), MEDIUM warning (4), HIGH error (3), CRITICAL critical (2). */
  int syslog() {
    return syslog;
  }

  /** OCSF severity_id: Low 2, Medium 3, High 4, Critical 5. */
  int ocsfId() {
    return ocsfId;
  }

  String ocsfCaption() {
    return ocsfCaption;
  }
}
