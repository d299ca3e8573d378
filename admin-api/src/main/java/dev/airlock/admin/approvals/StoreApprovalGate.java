package dev.airlock.admin.approvals;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalRepository;
import dev.airlock.proxy.spi.ApprovalGate;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The node's approval gate over the store. Grants of the last {@code grantWindow} live in memory,
 * so a request approved before goes through without a database round trip; approvals are recorded
 * on the store executor; a held request's wait is completed when its decision is seen: at once on
 * the node that decided ({@link #decided}), and on every other node by the change feed's
 * {@link #reload} after the database announces the update.
 */
public final class StoreApprovalGate implements ApprovalGate {
  private record Grant(String id, Instant at) {}

  private final ApprovalRepository approvals;
  private final Executor store;
  private final Clock clock;
  private final Duration grantWindow;
  private volatile Map<ApprovalRequest.GrantKey, Grant> grants = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<ApprovalStatus>> waiters = new ConcurrentHashMap<>();

  public StoreApprovalGate(ApprovalRepository approvals, Executor store, Clock clock, Duration grantWindow) {
    this.approvals = requireNonNull(approvals, "approvals");
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.grantWindow = requireNonNull(grantWindow, "grantWindow");
    if (grantWindow.isNegative()) {
      throw new IllegalArgumentException("grantWindow: " + grantWindow + " (expected: >= 0)");
    }
  }

  @Override
  public Optional<String> recentGrant(ApprovalRequest request) {
    Grant g = grants.get(request.grantKey());
    if (g == null || !clock.instant().isBefore(g.at().plus(grantWindow))) {
      return Optional.empty();
    }
    return Optional.of(g.id());
  }

  @Override
  public CompletableFuture<Pending> open(ApprovalRequest request) {
    String id = ApprovalRepository.newId();
    // Waiting before the row exists: a decision seen right after the insert finds the waiter.
    CompletableFuture<ApprovalStatus> decided = new CompletableFuture<>();
    waiters.put(id, decided);
    decided.whenComplete((s, e) -> waiters.remove(id, decided));
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          approvals.create(id, request);
        } catch (RuntimeException e) {
          decided.cancel(false);
          throw e;
        }
        return new Pending(id, decided);
      }, store);
    } catch (RejectedExecutionException e) { // the store's queue is full
      decided.cancel(false);
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A decision (or expiry) taken on this node: its waiters are completed at once, without
   * waiting for the database's announcement.
   */
  public void decided(Approval a) {
    if (a.status() == ApprovalStatus.APPROVED && a.decidedAt() != null) {
      grants.merge(a.grantKey(), new Grant(a.id(), a.decidedAt()), StoreApprovalGate::newer);
    }
    complete(a.id(), a.status());
  }

  /**
   * Reloads the grants of the window and the status of every approval a request here waits on.
   * Blocking JDBC: runs on the change feed's thread.
   */
  public void reload() {
    Map<ApprovalRequest.GrantKey, Grant> fresh = new ConcurrentHashMap<>();
    for (Approval a : approvals.grantedSince(clock.instant().minus(grantWindow))) {
      fresh.merge(a.grantKey(), new Grant(a.id(), a.decidedAt()), StoreApprovalGate::newer);
    }
    grants = fresh;
    if (!waiters.isEmpty()) {
      Map<String, ApprovalStatus> statuses = approvals.statuses(List.copyOf(waiters.keySet()));
      new HashMap<>(statuses).forEach(this::complete);
    }
  }

  /** How many requests on this node wait for a decision. */
  public int waiting() {
    return waiters.size();
  }

  private void complete(String id, ApprovalStatus status) {
    if (status == null || !status.isDecided()) {
      return;
    }
    CompletableFuture<ApprovalStatus> w = waiters.get(id);
    if (w != null) {
      w.complete(status);
    }
  }

  private static Grant newer(Grant a, Grant b) {
    return a.at().isAfter(b.at()) ? a : b;
  }
}
