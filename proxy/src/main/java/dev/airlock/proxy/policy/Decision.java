package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.detect.DataClass;
import java.util.List;
import java.util.Set;

/**
 * The engine's verdict on one request.
 *
 * @param action what to do
 * @param reasons machine-readable reason codes, e.g. SECRET_DETECTED (never empty)
 * @param ruleRef "policy-name/rule-id" of the matching rule, or null for the env default
 * @param severity severity of the decision
 * @param riskScore 0..1
 * @param redactClasses data classes to redact when action is SANITIZE (empty otherwise)
 * @param risk the signals, raw risk, trust and scrutiny the risk score was computed from, or null
 *     for a decision taken without scoring (built-in guards)
 */
public record Decision(
    Action action,
    List<String> reasons,
    String ruleRef,
    Severity severity,
    double riskScore,
    Set<DataClass> redactClasses,
    RiskSignals risk) {

  public Decision {
    requireNonNull(action, "action");
    requireNonNull(severity, "severity");
    reasons = List.copyOf(reasons);
    redactClasses = Set.copyOf(redactClasses);
  }

  /** A decision without risk signals. */
  public Decision(Action action, List<String> reasons, String ruleRef, Severity severity, double riskScore,
      Set<DataClass> redactClasses) {
    this(action, reasons, ruleRef, severity, riskScore, redactClasses, null);
  }

  /** A decision taken by a built-in guard before any user rule (e.g. PRIVATE_ADDRESS). */
  public static Decision guard(Action action, String reason, Severity severity) {
    return new Decision(action, List.of(reason), null, severity, 0.0, Set.of());
  }
}
