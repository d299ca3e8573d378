package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalDecision;
import dev.airlock.admin.store.ApprovalRepository;
import dev.airlock.admin.store.StoreException;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Decides approvals for a chat button: through {@link ApprovalRepository#decide}, as the REST API
 * does, so a decision is taken once and audited, and each new outcome is handed to {@code decided}
 * (the node releases or refuses the requests it holds, exactly as after the API's approve and deny).
 * Blocking JDBC: call on the store executor.
 */
public final class ChatApprovals {
  private static final Pattern APPROVAL_ID = Pattern.compile("^apr_[A-Za-z0-9]{1,64}$");

  private final ApprovalRepository approvals;
  private final Consumer<Approval> decided;

  public ChatApprovals(ApprovalRepository approvals, Consumer<Approval> decided) {
    this.approvals = requireNonNull(approvals, "approvals");
    this.decided = requireNonNull(decided, "decided");
  }

  /** Whether {@code id} has the form of an approval id (anything else is not looked up). */
  static boolean isApprovalId(String id) {
    return id != null && APPROVAL_ID.matcher(id).matches();
  }

  /**
   * Records {@code user}'s decision. A repeated click, or a retried delivery, finds the approval
   * decided the same way ({@code UNCHANGED}) and changes nothing; a click after someone else
   * decided otherwise (or after expiry) is a {@code CONFLICT} whose approval says who did.
   *
   * @param serves whether the channel the click came from serves an environment: an approval of
   *     another environment is treated as unknown (its existence is not revealed)
   * @return empty when no approval has this id (in an environment the channel serves)
   */
  public Optional<ApprovalDecision> decide(String approvalId, ApprovalStatus decision, ChatUser user, String requestId,
      java.util.function.Predicate<String> serves) {
    requireNonNull(user, "user");
    if (!isApprovalId(approvalId)) {
      return Optional.empty();
    }
    Optional<Approval> asked = approvals.find(approvalId);
    if (asked.isEmpty() || !serves.test(asked.get().env())) {
      return Optional.empty();
    }
    ApprovalDecision result;
    try {
      result = approvals.decide(approvalId, decision, user.actor(requestId), null);
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    Approval a = result.approval();
    boolean foundExpired = result.outcome() == ApprovalDecision.Outcome.CONFLICT
        && a.status() == ApprovalStatus.EXPIRED;
    if (result.outcome() == ApprovalDecision.Outcome.DECIDED || foundExpired) {
      decided.accept(a);
    }
    return Optional.of(result);
  }
}
