package dev.airlock.admin.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalRepository;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.admin.store.TestAudit;
import dev.airlock.proxy.spi.ApprovalGate;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's approval gate over a real database: grants within the window from memory, waits
 * completed by a decision on this node or, after a reload, on another, and expiry.
 */
class StoreApprovalGateTest extends StoreTestBase {
  private static final Duration WINDOW = Duration.ofMinutes(10);

  private ExecutorService exec;
  private MutableClock clock;

  StoreApprovalGateTest() {
    super(Seed.EMPTY);
  }

  @BeforeEach
  void clean() {
    exec = Executors.newFixedThreadPool(2);
    clock = new MutableClock(Instant.now());
  }

  @AfterEach
  void shutdown() {
    exec.shutdownNow();
  }

  private StoreApprovalGate gate() {
    return new StoreApprovalGate(store.approvals(), exec, clock, WINDOW);
  }

  private static ApprovalRequest request(String bodyHash) {
    return new ApprovalRequest("default", "bot", "key_1", "jira", "create_issue", "acme.atlassian.net", "POST",
        "/rest/api/2/issue", bodyHash, List.of("NEEDS_APPROVAL"), "jira-approval/writes", "MEDIUM", "trc_1");
  }

  private static Approval decide(String id, ApprovalStatus decision) {
    return store.approvals().decide(id, decision, TestAudit.ACTOR, null, TestAudit.change("approval.decide"))
        .approval();
  }

  @Test
  void aDecisionOnThisNodeCompletesTheWaitAtOnceAndGrantsTheIdenticalRequestForTheWindow() throws Exception {
    StoreApprovalGate gate = gate();
    ApprovalRequest asked = request("a".repeat(64));
    assertThat(gate.recentGrant(asked)).isEmpty();

    ApprovalGate.Pending pending = gate.open(asked).get(10, TimeUnit.SECONDS);
    assertThat(store.approvals().find(pending.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(pending.decided()).isNotDone();
    assertThat(gate.waiting()).isEqualTo(1);

    Approval approved = decide(pending.id(), ApprovalStatus.APPROVED);
    clock.set(approved.decidedAt());
    gate.decided(approved);

    assertThat(pending.decided()).isCompletedWithValue(ApprovalStatus.APPROVED);
    assertThat(gate.waiting()).isZero();
    assertThat(gate.recentGrant(asked)).contains(pending.id());
    assertThat(gate.recentGrant(request("b".repeat(64)))).as("another body").isEmpty();
    assertThat(gate.recentGrant(new ApprovalRequest("default", "other-bot", "key_2", "jira", "create_issue",
        "acme.atlassian.net", "POST", "/rest/api/2/issue", "a".repeat(64), List.of(), null, "LOW", "trc_2")))
        .as("another agent").isEmpty();

    clock.set(approved.decidedAt().plus(WINDOW).minusSeconds(1));
    assertThat(gate.recentGrant(asked)).as("at the end of the window").contains(pending.id());
    clock.set(approved.decidedAt().plus(WINDOW));
    assertThat(gate.recentGrant(asked)).as("after the window").isEmpty();
  }

  @Test
  void anotherNodesDecisionReachesTheWaitAndTheGrantsWithAReload() throws Exception {
    StoreApprovalGate here = gate();
    ApprovalRequest asked = request("a".repeat(64));
    ApprovalGate.Pending approvedLater = here.open(asked).get(10, TimeUnit.SECONDS);
    ApprovalGate.Pending deniedLater = here.open(request("b".repeat(64))).get(10, TimeUnit.SECONDS);
    ApprovalGate.Pending undecided = here.open(request("c".repeat(64))).get(10, TimeUnit.SECONDS);

    Approval approved = decide(approvedLater.id(), ApprovalStatus.APPROVED); // as another node's API would
    decide(deniedLater.id(), ApprovalStatus.DENIED);
    clock.set(approved.decidedAt().plusSeconds(1));
    assertThat(approvedLater.decided()).isNotDone();

    here.reload();

    assertThat(approvedLater.decided()).isCompletedWithValue(ApprovalStatus.APPROVED);
    assertThat(deniedLater.decided()).isCompletedWithValue(ApprovalStatus.DENIED);
    assertThat(undecided.decided()).isNotDone();
    assertThat(here.recentGrant(asked)).contains(approvedLater.id());
    assertThat(here.recentGrant(request("b".repeat(64)))).isEmpty();

    StoreApprovalGate restarted = gate();
    restarted.reload();
    assertThat(restarted.recentGrant(asked)).as("a node that starts later loads the window's grants")
        .contains(approvedLater.id());
    clock.set(approved.decidedAt().plus(WINDOW).plusSeconds(1));
    StoreApprovalGate muchLater = gate();
    muchLater.reload();
    assertThat(muchLater.recentGrant(asked)).isEmpty();
  }

  @Test
  void aHolderThatStopsWaitingIsForgotten() throws Exception {
    StoreApprovalGate gate = gate();
    ApprovalGate.Pending pending = gate.open(request("a".repeat(64))).get(10, TimeUnit.SECONDS);
    assertThat(gate.waiting()).isEqualTo(1);

    pending.decided().cancel(false);

    assertThat(gate.waiting()).isZero();
    gate.decided(decide(pending.id(), ApprovalStatus.APPROVED)); // nothing left to complete; no failure
  }

  @Test
  void theSweepExpiresPendingApprovalsAndTheirWaitsLearnIt() throws Exception {
    StoreApprovalGate gate = gate();
    ApprovalGate.Pending pending = gate.open(request("a".repeat(64))).get(10, TimeUnit.SECONDS);
    Approval stored = store.approvals().find(pending.id()).orElseThrow();
    ApprovalExpiry expiry = new ApprovalExpiry(store.approvals(), clock, Duration.ofMinutes(1), gate::decided);

    clock.set(stored.expiresAt().minusSeconds(1));
    assertThat(expiry.sweep()).isEmpty();
    assertThat(pending.decided()).isNotDone();

    clock.set(stored.expiresAt());
    assertThat(expiry.sweep()).extracting(Approval::id).containsExactly(pending.id());
    assertThat(pending.decided()).isCompletedWithValue(ApprovalStatus.EXPIRED);
    assertThat(store.approvals().find(pending.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
  }

  @Test
  void anApprovalThatCannotBeRecordedFailsTheOpeningAndLeavesNoWait() {
    ApprovalRepository broken = new ApprovalRepository(brokenDataSource(), store.audit());
    StoreApprovalGate gate = new StoreApprovalGate(broken, exec, clock, WINDOW);

    CompletableFuture<ApprovalGate.Pending> opened = gate.open(request("a".repeat(64)));

    assertThat(opened).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(dev.airlock.admin.store.StoreException.class);
    assertThat(gate.waiting()).isZero();
  }

  /** A data source whose database is gone: every connection attempt fails as a closed server would. */
  private static javax.sql.DataSource brokenDataSource() {
    return new org.postgresql.ds.PGSimpleDataSource() {
      @Override
      public java.sql.Connection getConnection() throws java.sql.SQLException {
        throw new java.sql.SQLException("Connection refused", "08001");
      }
    };
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
