package dev.airlock.admin.integrations;

import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalDecision;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The words a chat message uses for where an approval stands after a click. */
final class DecisionText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private DecisionText() {}

  /** "Approved by roadrunner at 2026-12-07 10:15:00 UTC", "Denied by …", "Expired at … without a decision". */
  static String state(Approval a, String platform) {
    return switch (a.status()) {
      case APPROVED -> "Approved by " + DecidedBy.display(a.decidedBy(), platform) + " at " + time(a.decidedAt());
      case DENIED -> "Denied by " + DecidedBy.display(a.decidedBy(), platform) + " at " + time(a.decidedAt());
      case EXPIRED -> "Expired at " + time(a.decidedAt()) + " without a decision";
      case PENDING -> "Waiting for a decision";
    };
  }

  /** A short answer to the person who clicked: what their click did. */
  static String toClicker(ApprovalDecision d, String platform) {
    return switch (d.outcome()) {
      case DECIDED -> d.approval().status() == dev.airlock.proxy.spi.ApprovalStatus.APPROVED
          ? "Approved: the request goes through" : "Denied: the request is refused";
      case UNCHANGED, CONFLICT -> "Already settled. " + state(d.approval(), platform);
    };
  }

  static String time(Instant at) {
    return at == null ? "an unknown time" : TIME.format(at);
  }
}
