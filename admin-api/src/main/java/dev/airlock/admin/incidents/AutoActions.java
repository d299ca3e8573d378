package dev.airlock.admin.incidents;

/**
 * What is done by itself when a trigger opens an incident. Each action is recorded on the incident.
 *
 * @param lowerTrust record an {@code incident} trust event for the agent (trust goes down)
 * @param pinScrutinyHours pin a scrutiny multiplier on the agent for this many hours (0: none), on
 *     every node
 * @param pinMultiplier the multiplier pinned
 * @param alert publish the incident to the alert channels whose filters match
 */
public record AutoActions(boolean lowerTrust, int pinScrutinyHours, double pinMultiplier, boolean alert) {
  public static final AutoActions DEFAULT = new AutoActions(true, 24, 2.0, true);
  public static final AutoActions NONE = new AutoActions(false, 0, 2.0, false);
  static final int MAX_PIN_HOURS = 24 * 30;

  public AutoActions {
    if (pinScrutinyHours < 0 || pinScrutinyHours > MAX_PIN_HOURS) {
      throw new IllegalArgumentException(
          "pin_scrutiny_hours: " + pinScrutinyHours + " (expected: 0.." + MAX_PIN_HOURS + ")");
    }
    if (!(pinMultiplier > 0) || pinMultiplier > 10) {
      throw new IllegalArgumentException("pin_multiplier: " + pinMultiplier + " (expected: > 0 and <= 10)");
    }
  }
}
