package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApprovalRepositoryTest extends StoreTestBase {
  static final String BODY_HASH = "a".repeat(64);

  private static ApprovalRepository approvals;

  ApprovalRepositoryTest() {
    super(Seed.EMPTY);
  }

  @BeforeAll
  static void start() {
    approvals = store.approvals();
  }

  static ApprovalRequest request(String env, String agent, String bodyHash) {
    return new ApprovalRequest(env, agent, "key_1", "jira", "create_issue", "acme.atlassian.net", "POST",
        "/rest/api/2/issue", bodyHash, List.of("NEEDS_APPROVAL"), "jira-approval/writes", "MEDIUM", "trc_1");
  }

  @Test
  void aRecordedApprovalIsPendingUntilItsExpiryAndKeepsNoBody() {
    Approval a = approvals.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));

    assertThat(a.id()).startsWith("apr_");
    assertThat(a.status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(Duration.between(a.requestedAt(), a.expiresAt())).isEqualTo(Duration.ofHours(24));
    assertThat(a.decidedAt()).isNull();
    assertThat(a)
        .extracting(Approval::env, Approval::agent, Approval::keyId, Approval::tool, Approval::operation, Approval::host,
            Approval::method, Approval::path, Approval::bodySha256, Approval::reasons, Approval::ruleRef,
            Approval::severity, Approval::traceId)
        .containsExactly("default", "bot", "key_1", "jira", "create_issue", "acme.atlassian.net", "POST",
            "/rest/api/2/issue", BODY_HASH, List.of("NEEDS_APPROVAL"), "jira-approval/writes", "MEDIUM", "trc_1");
    assertThat(approvals.find(a.id())).contains(a);
    assertThat(approvals.find("apr_missing")).isEmpty();
  }

  @Test
  void anotherExpiryCanBeConfigured() {
    ApprovalRepository shortLived = new ApprovalRepository(db.dataSource(), store.audit(), Duration.ofMinutes(5));
    Approval a = shortLived.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));
    assertThat(Duration.between(a.requestedAt(), a.expiresAt())).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void anApprovalIsDecidedOnceTheSameDecisionAgainChangesNothingAndTheOtherIsAConflict() throws Exception {
    Approval a = approvals.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));

    ApprovalDecision first = approvals.decide(a.id(), ApprovalStatus.APPROVED, TestAudit.ACTOR, "looks fine",
        TestAudit.change("approval.approve"));
    assertThat(first.outcome()).isEqualTo(ApprovalDecision.Outcome.DECIDED);
    assertThat(first.approval().status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(first.approval().decidedBy()).isEqualTo("tok_test");
    assertThat(first.approval().decisionNote()).isEqualTo("looks fine");
    assertThat(first.approval().decidedAt()).isNotNull();

    ApprovalDecision again = approvals.decide(a.id(), ApprovalStatus.APPROVED, TestAudit.ACTOR, "twice",
        TestAudit.change("approval.approve"));
    assertThat(again.outcome()).isEqualTo(ApprovalDecision.Outcome.UNCHANGED);
    assertThat(again.approval()).isEqualTo(first.approval());

    ApprovalDecision other = approvals.decide(a.id(), ApprovalStatus.DENIED, TestAudit.ACTOR, null,
        TestAudit.change("approval.deny"));
    assertThat(other.outcome()).isEqualTo(ApprovalDecision.Outcome.CONFLICT);
    assertThat(other.approval().status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approvals.find(a.id()).orElseThrow()).isEqualTo(first.approval());

    assertThat(auditCount("approval.approve")).as("one audit record: the decision that changed something")
        .isEqualTo(1);
    assertThat(auditCount("approval.deny")).isZero();
  }

  @Test
  void aChatChannelDecidesThroughTheSameCallAndIsRecordedAsTheDecider() throws Exception {
    Approval a = approvals.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));
    AuditActor slackUser = new AuditActor("slack:U024BE7LH", "channel", "slack_action_1");

    ApprovalDecision d = approvals.decide(a.id(), ApprovalStatus.DENIED, slackUser, "from the alert card");

    assertThat(d.outcome()).isEqualTo(ApprovalDecision.Outcome.DECIDED);
    assertThat(d.approval().decidedBy()).isEqualTo("slack:U024BE7LH");
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement("SELECT actor_key_id, actor_role, target_id, env FROM audit_events"
            + " WHERE action = 'approval.deny'");
        var rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("slack:U024BE7LH");
      assertThat(rs.getString(2)).isEqualTo("channel");
      assertThat(rs.getString(3)).isEqualTo(a.id());
      assertThat(rs.getString(4)).isEqualTo("default");
      assertThat(rs.next()).isFalse();
    }
    assertThat(approvals.decide(a.id(), ApprovalStatus.DENIED, slackUser, null).outcome())
        .as("a retried click").isEqualTo(ApprovalDecision.Outcome.UNCHANGED);
  }

  @Test
  void decidingAnUnknownApprovalIsNotFoundAndOnlyApproveOrDenyAreDecisions() {
    assertThatThrownBy(() -> approvals.decide("apr_missing", ApprovalStatus.APPROVED, TestAudit.ACTOR, null,
        TestAudit.change("approval.approve")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    Approval a = approvals.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));
    assertThatThrownBy(() -> approvals.decide(a.id(), ApprovalStatus.EXPIRED, TestAudit.ACTOR, null,
        TestAudit.change("approval.expire")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID));
  }

  @Test
  void theSweepExpiresOnlyPendingApprovalsPastTheirExpiry() {
    Approval pending = approvals.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));
    Approval decided = approvals.create(ApprovalRepository.newId(), request("default", "bot", "b".repeat(64)));
    approvals.decide(decided.id(), ApprovalStatus.DENIED, TestAudit.ACTOR, null, TestAudit.change("approval.deny"));
    Instant justBefore = pending.expiresAt().minusSeconds(1);

    assertThat(approvals.expire(justBefore)).isEmpty();
    assertThat(approvals.find(pending.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);

    Instant later = pending.expiresAt().plusSeconds(60);
    List<Approval> expired = approvals.expire(later);
    assertThat(expired).extracting(Approval::id).containsExactly(pending.id());
    Approval now = approvals.find(pending.id()).orElseThrow();
    assertThat(now.status()).isEqualTo(ApprovalStatus.EXPIRED);
    assertThat(now.decidedAt()).isEqualTo(later);
    assertThat(approvals.find(decided.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.DENIED);
    assertThat(approvals.expire(later)).as("nothing left to expire").isEmpty();

    ApprovalDecision late = approvals.decide(pending.id(), ApprovalStatus.APPROVED, TestAudit.ACTOR, null,
        TestAudit.change("approval.approve"));
    assertThat(late.outcome()).isEqualTo(ApprovalDecision.Outcome.CONFLICT);
    assertThat(late.approval().status()).isEqualTo(ApprovalStatus.EXPIRED);
  }

  @Test
  void anApprovalPastItsExpiryIsExpiredByTheDecisionThatFindsIt() throws Exception {
    Approval a = approvals.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));
    sql("UPDATE approvals SET expires_at = now() - interval '1 second' WHERE id = '" + a.id() + "'");

    ApprovalDecision d = approvals.decide(a.id(), ApprovalStatus.APPROVED, TestAudit.ACTOR, null,
        TestAudit.change("approval.approve"));

    assertThat(d.outcome()).isEqualTo(ApprovalDecision.Outcome.CONFLICT);
    assertThat(d.approval().status()).isEqualTo(ApprovalStatus.EXPIRED);
    assertThat(approvals.find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
    assertThat(auditCount("approval.approve")).isZero();
  }

  @Test
  void grantsAreTheApprovalsApprovedSinceTheWindowBegan() {
    Approval granted = approvals.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));
    Approval denied = approvals.create(ApprovalRepository.newId(), request("default", "bot", "b".repeat(64)));
    Approval open = approvals.create(ApprovalRepository.newId(), request("default", "bot", "c".repeat(64)));
    Approval decided = approvals.decide(granted.id(), ApprovalStatus.APPROVED, TestAudit.ACTOR, null,
        TestAudit.change("approval.approve")).approval();
    approvals.decide(denied.id(), ApprovalStatus.DENIED, TestAudit.ACTOR, null, TestAudit.change("approval.deny"));

    assertThat(approvals.grantedSince(decided.decidedAt())).extracting(Approval::id).containsExactly(granted.id());
    assertThat(approvals.grantedSince(decided.decidedAt().plusMillis(1))).isEmpty();
    assertThat(approvals.statuses(List.of(granted.id(), denied.id(), open.id(), "apr_missing")))
        .isEqualTo(Map.of(granted.id(), ApprovalStatus.APPROVED, denied.id(), ApprovalStatus.DENIED,
            open.id(), ApprovalStatus.PENDING));
  }

  @Test
  void listsFilterByEnvStatusAndAgentNewestFirstWithTotalsAndCursors() {
    Approval a1 = approvals.create(ApprovalRepository.newId(), request("default", "bot", BODY_HASH));
    Approval a2 = approvals.create(ApprovalRepository.newId(), request("default", "other", BODY_HASH));
    Approval a3 = approvals.create(ApprovalRepository.newId(), request("production", "bot", BODY_HASH));
    approvals.decide(a2.id(), ApprovalStatus.DENIED, TestAudit.ACTOR, null, TestAudit.change("approval.deny"));

    ApprovalPage all = approvals.list(new ApprovalQuery(null, null, null, null, null, 2, null));
    assertThat(all.total()).isEqualTo(3);
    assertThat(all.items()).extracting(Approval::id).containsExactly(a3.id(), a2.id());
    ApprovalPage rest = approvals.list(new ApprovalQuery(null, null, null, null, null, 2, all.next()));
    assertThat(rest.items()).extracting(Approval::id).containsExactly(a1.id());
    assertThat(rest.next()).isNull();

    assertThat(approvals.list(new ApprovalQuery("default", null, null, null, null, 50, null)).items())
        .extracting(Approval::id).containsExactly(a2.id(), a1.id());
    assertThat(approvals.list(new ApprovalQuery(null, ApprovalStatus.PENDING, "bot", null, null, 50, null)).items())
        .extracting(Approval::id).containsExactly(a3.id(), a1.id());
    assertThat(approvals.list(new ApprovalQuery(null, ApprovalStatus.DENIED, null, null, null, 50, null)).total())
        .isEqualTo(1);
  }

  private static long auditCount(String action) throws Exception {
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement("SELECT count(*) FROM audit_events WHERE action = ?")) {
      ps.setString(1, action);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void sql(String statement) throws Exception {
    try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
