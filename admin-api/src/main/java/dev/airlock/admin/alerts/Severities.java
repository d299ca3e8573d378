package dev.airlock.admin.alerts;

import java.util.List;

/** The severity scale alerts filter on, lowest first. */
final class Severities {
  static final List<String> ALL = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

  private Severities() {}

  /** 0 for LOW up to 3 for CRITICAL; an unknown or empty severity ranks as LOW. */
  static int rank(String severity) {
    int i = severity == null ? -1 : ALL.indexOf(severity);
    return Math.max(i, 0);
  }
}
