package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

/**
 * What deciding an approval did.
 *
 * @param approval the approval as it stands after the call
 * @param outcome whether this call decided it, found it decided the same way, or found it
 *     settled otherwise (another decision, or expired)
 */
public record ApprovalDecision(Approval approval, Outcome outcome) {
  public enum Outcome {
    /** This call decided it. */
    DECIDED,
    /** It was decided the same way before: nothing changed (a retried click or call). */
    UNCHANGED,
    /** It was settled otherwise (the other decision, or expired): nothing changed. */
    CONFLICT
  }

  public ApprovalDecision {
    requireNonNull(approval, "approval");
    requireNonNull(outcome, "outcome");
  }
}
