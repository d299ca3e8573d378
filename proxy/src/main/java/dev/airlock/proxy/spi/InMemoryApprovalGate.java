package dev.airlock.proxy.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Approvals held in this process only, decided by calling {@link #decide}: for running the data
 * plane without the store (embedding, tests). Nothing blocks.
 */
public final class InMemoryApprovalGate implements ApprovalGate {
  private record Entry(ApprovalRequest request, CompletableFuture<ApprovalStatus> decided) {}

  private record Grant(String id, Instant at) {}

  private final Map<String, Entry> approvals = new ConcurrentHashMap<>();
  private final Map<ApprovalRequest.GrantKey, Grant> grants = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong();
  private final Clock clock;
  private final Duration grantWindow;

  public InMemoryApprovalGate(Clock clock, Duration grantWindow) {
    this.clock = clock;
    this.grantWindow = grantWindow;
  }

  /** On the system clock with the default 10-minute grant window. */
  public InMemoryApprovalGate() {
    this(Clock.systemUTC(), Duration.ofMinutes(10));
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
    String id = "apr_mem" + next.incrementAndGet();
    Entry e = new Entry(request, new CompletableFuture<>());
    approvals.put(id, e);
    return CompletableFuture.completedFuture(new Pending(id, e.decided().thenApply(s -> s)));
  }

  /** The ids of the approvals still pending, in no particular order. */
  public Set<String> pending() {
    Set<String> out = new HashSet<>();
    approvals.forEach((id, e) -> {
      if (!e.decided().isDone()) {
        out.add(id);
      }
    });
    return out;
  }

  /** Decides a pending approval; returns false when it is unknown or decided already. */
  public boolean decide(String id, ApprovalStatus status) {
    Entry e = approvals.get(id);
    if (e == null || !status.isDecided() || e.decided().isDone()) {
      return false;
    }
    if (status == ApprovalStatus.APPROVED) {
      grants.put(e.request().grantKey(), new Grant(id, clock.instant()));
    }
    return e.decided().complete(status);
  }
}
