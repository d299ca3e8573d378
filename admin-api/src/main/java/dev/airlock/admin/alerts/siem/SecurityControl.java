package dev.airlock.admin.alerts.siem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.trace.Trace;
import java.util.Locale;

/**
 * The OCSF security_control profile's verdict for one decision: {@code action_id} says what
 * Airlock did with the request, {@code disposition_id} the outcome. A decision that was not enforced
 * (monitor mode) is Allowed / Detected.
 */
record SecurityControl(int actionId, String action, int dispositionId, String disposition) {
  static final int ALLOWED = 1;
  static final int DENIED = 2;
  static final int MODIFIED = 4;

  static SecurityControl of(Trace trace) {
    String decision = trace.decision().toUpperCase(Locale.ROOT);
    String enforced = CefFormatter.enforced(trace).toUpperCase(Locale.ROOT);
    if (!decision.equals(enforced) && enforced.equals("ALLOW")) {
      return new SecurityControl(ALLOWED, "Allowed", 15, "Detected");
    }
    return switch (enforced) {
      case "ALLOW" -> new SecurityControl(ALLOWED, "Allowed", 1, "Allowed");
      case "SANITIZE" -> new SecurityControl(MODIFIED, "Modified", 1, "Allowed");
      case "DENY" -> new SecurityControl(DENIED, "Denied", 2, "Blocked");
      case "REQUIRE_APPROVAL" -> trace.status() >= 200 && trace.status() < 400
          ? new SecurityControl(ALLOWED, "Allowed", 8, "Approved")
          : new SecurityControl(DENIED, "Denied", 14, "Delayed");
      default -> new SecurityControl(99, "Other", 99, "Other");
    };
  }

  void applyTo(ObjectNode node) {
    node.put("action_id", actionId).put("action", action)
        .put("disposition_id", dispositionId).put("disposition", disposition);
    node.put("is_alert", actionId != ALLOWED || dispositionId != 1);
  }
}
