package dev.airlock.admin.alerts.siem;

/** What a SIEM channel sends as each message's payload. */
public enum SiemFormat {
  /** One CEF line per event ({@link CefFormatter}). */
  CEF,
  /** OCSF JSON objects ({@link OcsfMapper}): one per class the event maps to. */
  OCSF,
  /** The alert event as plain JSON. */
  JSON
}
