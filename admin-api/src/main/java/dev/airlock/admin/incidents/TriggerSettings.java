package dev.airlock.admin.incidents;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;

/**
 * How one trigger opens incidents.
 *
 * @param enabled whether it opens incidents at all
 * @param threshold events within {@code window} that open an incident (at the threshold, not
 *     below); for {@code trust_drop} the drop of trust that must be exceeded
 * @param window how far back events count
 * @param severity severity of the incidents it opens
 * @param autoActions what is done when it opens one
 */
public record TriggerSettings(boolean enabled, double threshold, Duration window, String severity,
    AutoActions autoActions) {
  static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  static final Duration MAX_WINDOW = Duration.ofDays(7);

  public TriggerSettings {
    requireNonNull(window, "window");
    requireNonNull(severity, "severity");
    requireNonNull(autoActions, "autoActions");
    if (!(threshold > 0) || threshold > 1_000_000) {
      throw new IllegalArgumentException("threshold: " + threshold + " (expected: > 0)");
    }
    if (window.toMillis() < 1000 || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window: " + window + " (expected: 1s..7d)");
    }
    if (!SEVERITIES.contains(severity)) {
      throw new IllegalArgumentException("severity: \"" + severity + "\" (expected: LOW, MEDIUM, HIGH, CRITICAL)");
    }
  }

  /** Counting triggers: the number of events that opens an incident. */
  long count() {
    return (long) Math.ceil(threshold);
  }
}
