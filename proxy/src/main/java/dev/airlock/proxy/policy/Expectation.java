package dev.airlock.proxy.policy;

import dev.airlock.proxy.detect.DataClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a test case expects of its decision; null fields are not checked.
 *
 * @param action expected action
 * @param ruleRef expected "policy/rule" reference
 * @param reason expected first reason (DEFAULT_ACTION to expect that no rule matched)
 * @param severity expected decision severity
 * @param redact expected classes to redact (an empty set expects none)
 */
public record Expectation(
    Action action, String ruleRef, String reason, Severity severity, Set<DataClass> redact) {
  public static final Expectation NONE = new Expectation(null, null, null, null, null);

  public Expectation {
    redact = redact == null ? null : Set.copyOf(redact);
  }

  /** Mismatches, one message each; empty when the decision meets the expectation. */
  public List<String> mismatches(Decision decision) {
    List<String> out = new ArrayList<>(3);
    check(out, "action", action, decision.action());
    check(out, "rule", ruleRef, Objects.requireNonNullElse(decision.ruleRef(), "none"));
    check(out, "reason", reason, decision.reasons().isEmpty() ? null : decision.reasons().get(0));
    check(out, "severity", severity, decision.severity());
    check(out, "redact", redact, decision.redactClasses());
    return List.copyOf(out);
  }

  private static void check(List<String> out, String field, Object expected, Object actual) {
    if (expected != null && !expected.equals(actual)) {
      out.add(field + ": expected " + expected + ", got " + actual);
    }
  }
}
