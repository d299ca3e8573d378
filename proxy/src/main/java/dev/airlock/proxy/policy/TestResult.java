package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The decision for one test case and how it compares with the expectation.
 *
 * @param testCase the case
 * @param decision what the engine decided
 * @param failures one message per unmet expectation; empty when the case passed
 */
public record TestResult(TestCase testCase, Decision decision, List<String> failures) {
  public TestResult {
    requireNonNull(testCase, "testCase");
    requireNonNull(decision, "decision");
    failures = List.copyOf(failures);
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  /** One line, e.g. {@code PASS force push to main: DENY block-force-push-prod/no-force-push (FORCE_PUSH_BLOCKED)}. */
  public String summary() {
    String rule = decision.ruleRef() == null ? "" : " " + decision.ruleRef();
    String line = (passed() ? "PASS " : "FAIL ") + testCase.name() + ": " + decision.action() + rule
        + " " + decision.reasons();
    return passed() ? line : line + " -- " + String.join("; ", failures);
  }
}
