package dev.airlock.proxy.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a test case expects of its decision; null fields are not checked.
 *
 * @param action expected action
 * @param ruleRef expected "policy/rule" reference
 * @param reason expected first reason (DEFAULT_ACTION to expect that no rule matched)
 */
public record Expectation(Action action, String ruleRef, String reason) {
  public static final Expectation NONE = new Expectation(null, null, null);

  /** Mismatches, one message each; empty when the decision meets the expectation. */
  public List<String> mismatches(Decision decision) {
    List<String> out = new ArrayList<>(3);
    if (action != null && action != decision.action()) {
      out.add("action: expected " + action + ", got " + decision.action());
    }
    if (ruleRef != null && !ruleRef.equals(decision.ruleRef())) {
      out.add("rule: expected " + ruleRef + ", got " + Objects.requireNonNullElse(decision.ruleRef(), "none"));
    }
    String firstReason = decision.reasons().isEmpty() ? null : decision.reasons().get(0);
    if (reason != null && !reason.equals(firstReason)) {
      out.add("reason: expected " + reason + ", got " + firstReason);
    }
    return List.copyOf(out);
  }
}
