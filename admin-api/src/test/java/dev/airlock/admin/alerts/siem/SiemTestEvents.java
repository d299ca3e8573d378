package dev.airlock.admin.alerts.siem;

import dev.airlock.admin.alerts.DecisionAlert;
import dev.airlock.admin.alerts.IncidentAlert;
import dev.airlock.proxy.trace.Trace;
import java.time.Instant;
import java.util.List;

/** Alert events for SIEM tests. */
final class SiemTestEvents {
  static final Instant TIME = Instant.parse("2026-03-01T12:34:56.789Z");

  private SiemTestEvents() {}

  static Trace trace(String decision, String enforced, String method, String host, String path, String agent,
      String tool, String operation, List<String> reasons, String rule, double risk, String severity, int status) {
    return new Trace("trc_0190a1b2c3d4e5f60718293a4b5c6d7e", TIME, "production", agent, "key_1", tool, operation,
        "WRITE", method, host, path, status, decision, enforced, reasons, rule, risk, severity,
        List.of("SECRETS.aws_access_key"), List.of(), 120, 40, 35, -1, null);
  }

  static DecisionAlert deny() {
    return new DecisionAlert(trace("DENY", "DENY", "POST", "slack.com", "/api/chat.postMessage", "billing-bot",
        "slack", "post_message", List.of("SECRET_DETECTED"), "prod-guard/no-secrets", 0.91, "CRITICAL", 403));
  }

  static DecisionAlert allow() {
    return new DecisionAlert(trace("ALLOW", "ALLOW", "GET", "api.github.com", "/repos/acme/app", "ci-agent",
        "github", "get_repo", List.of(), null, 0.05, "LOW", 200));
  }

  /** A decision whose every text field carries the characters CEF must escape. */
  static DecisionAlert awkward() {
    return new DecisionAlert(trace("REQUIRE_APPROVAL", "REQUIRE_APPROVAL", "PUT", "files.example",
        "/a|b/c=d\\e?x=1", "agent\\one|two=three\nline2\r\nline3", "tool|x", "op=y\\z",
        List.of("NEW_DESTINATION", "PII=EMAIL|X"), "policy\\a/rule=b|c", 0.456, "HIGH", 403));
  }

  static IncidentAlert incident(String change, String status) {
    return new IncidentAlert("inc_0190a1b2c3d4e5f60718293a4b5c6d7e", change, TIME, "production", "billing-bot",
        "HIGH", "5 DENYs in 1 h | billing-bot", "deny_burst", status,
        List.of("trc_0190a1b2c3d4e5f60718293a4b5c6d7e", "trc_0190a1b2c3d4e5f60718293a4b5c6d7f"),
        "5th DENY in 1 h = too many");
  }
}
