package dev.airlock.proxy.spi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the data plane takes requests that need a human decision. Nothing here may block the
 * caller: the proxy calls it on an event loop.
 */
public interface ApprovalGate {
  /**
   * The id of an approval granted to an identical request within the grant window, answered from
   * memory; empty when there is none.
   */
  Optional<String> recentGrant(ApprovalRequest request);

  /**
   * Records a pending approval (off the caller's thread). The future fails when it cannot be
   * recorded (e.g. the store is down): the request must then not go through.
   */
  CompletableFuture<Pending> open(ApprovalRequest request);

  /**
   * A recorded approval and the decision on it: {@code decided} completes when the approval is
   * approved, denied or expired on any node. It never completes on a timeout of its own; the
   * holder cancels it when it stops waiting, which frees what the gate keeps for it.
   */
  record Pending(String id, CompletableFuture<ApprovalStatus> decided) {}
}
