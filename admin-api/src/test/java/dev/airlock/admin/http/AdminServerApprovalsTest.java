package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalRepository;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/approvals}: lists and reads, decisions taken once, roles and environment scope. */
class AdminServerApprovalsTest extends AdminServerTestBase {
  @BeforeEach
  void forget() {
    decidedApprovals.clear();
  }

  private static Approval pending(String env, String agent) {
    return store.approvals().create(ApprovalRepository.newId(), new ApprovalRequest(env, agent, "key_1", "jira",
        "create_issue", "acme.atlassian.net", "POST", "/rest/api/2/issue", "a".repeat(64), List.of("NEEDS_APPROVAL"),
        "jira-approval/writes", "MEDIUM", "trc_1"));
  }

  @Test
  void listsAndReadsApprovalsWithFiltersTotalsAndCursors() throws Exception {
    Approval a1 = pending("default", "bot");
    Approval a2 = pending("default", "other");
    store.approvals().decide(a2.id(), ApprovalStatus.DENIED, dev.airlock.admin.store.TestAudit.ACTOR, null,
        dev.airlock.admin.store.TestAudit.change("approval.deny"));

    JsonNode page = json.readTree(get("/api/v1/approvals?limit=1", bearer()).body());
    assertThat(page.at("/meta/total").asLong()).isEqualTo(2);
    assertThat(ids(page)).containsExactly(a2.id());
    JsonNode rest = json.readTree(get("/api/v1/approvals?limit=1&cursor=" + page.at("/meta/next_cursor").asText(),
        bearer()).body());
    assertThat(ids(rest)).containsExactly(a1.id());

    assertThat(ids(json.readTree(get("/api/v1/approvals?status=pending", bearer()).body()))).containsExactly(a1.id());
    assertThat(ids(json.readTree(get("/api/v1/approvals?agent=other", bearer()).body()))).containsExactly(a2.id());
    assertThat(ids(json.readTree(get("/api/v1/approvals?since=1h", bearer()).body()))).hasSize(2);
    assertError(get("/api/v1/approvals?status=maybe", bearer()), 400, "invalid_parameter", "status");

    HttpResponse<String> one = get("/api/v1/approvals/" + a1.id(), bearer());
    assertThat(one.statusCode()).isEqualTo(200);
    JsonNode data = json.readTree(one.body()).get("data");
    assertThat(data.get("status").asText()).isEqualTo("pending");
    assertThat(data.get("tool").asText()).isEqualTo("jira");
    assertThat(data.get("operation").asText()).isEqualTo("create_issue");
    assertThat(data.get("body_sha256").asText()).isEqualTo("a".repeat(64));
    assertThat(data.get("rule").asText()).isEqualTo("jira-approval/writes");
    assertThat(data.get("expires_at").asText()).isNotBlank();
    assertThat(data.has("body")).isFalse();
    assertError(get("/api/v1/approvals/apr_missing", bearer()), 404, "not_found", null);
  }

  @Test
  void anApprovalIsDecidedOnceAuditedAndHandedToTheNode() throws Exception {
    Approval a = pending("default", "bot");

    HttpResponse<String> approved = post("/api/v1/approvals/" + a.id() + "/approve", bearer(),
        "{\"note\": \"ticket OPS-12\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode data = json.readTree(approved.body()).get("data");
    assertThat(data.get("status").asText()).isEqualTo("approved");
    assertThat(data.get("decision_note").asText()).isEqualTo("ticket OPS-12");
    assertThat(data.get("decided_by").asText()).startsWith("tok_");
    assertThat(data.get("decided_at").asText()).isNotBlank();
    assertThat(decidedApprovals).extracting(Approval::id, Approval::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(a.id(), ApprovalStatus.APPROVED));

    HttpResponse<String> again = post("/api/v1/approvals/" + a.id() + "/approve", bearer(), null);
    assertThat(again.statusCode()).as("the same decision again").isEqualTo(200);
    assertThat(json.readTree(again.body()).at("/data/decision_note").asText()).isEqualTo("ticket OPS-12");

    HttpResponse<String> deny = post("/api/v1/approvals/" + a.id() + "/deny", bearer(), null);
    assertError(deny, 409, "approval_already_decided", "status");
    assertThat(json.readTree(deny.body()).at("/error/status").asText()).isEqualTo("approved");

    JsonNode audit = json.readTree(get("/api/v1/audit?action=approval.approve", bearer()).body()).get("data");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).get("target_id").asText()).isEqualTo(a.id());
    assertThat(audit.get(0).at("/before/status").asText()).isEqualTo("pending");
    assertThat(audit.get(0).at("/after/status").asText()).isEqualTo("approved");
    assertThat(json.readTree(get("/api/v1/audit?action=approval.deny", bearer()).body()).get("data")).isEmpty();
  }

  @Test
  void aDeniedApprovalCannotBeApprovedAndAnExpiredOneCannotBeDecided() throws Exception {
    Approval denied = pending("default", "bot");
    assertThat(post("/api/v1/approvals/" + denied.id() + "/deny", bearer(), "{}").statusCode()).isEqualTo(200);
    HttpResponse<String> approve = post("/api/v1/approvals/" + denied.id() + "/approve", bearer(), null);
    assertError(approve, 409, "approval_already_decided", "status");
    assertThat(json.readTree(approve.body()).at("/error/status").asText()).isEqualTo("denied");

    Approval old = pending("default", "bot");
    sql("UPDATE approvals SET expires_at = now() - interval '1 minute' WHERE id = '" + old.id() + "'");
    HttpResponse<String> late = post("/api/v1/approvals/" + old.id() + "/approve", bearer(), null);
    assertError(late, 409, "approval_already_decided", "status");
    assertThat(json.readTree(late.body()).at("/error/status").asText()).isEqualTo("expired");
  }

  @Test
  void badBodiesAndUnknownActionsAreRefusedNamingTheField() throws Exception {
    Approval a = pending("default", "bot");
    assertError(post("/api/v1/approvals/" + a.id() + "/approve", bearer(), "{\"notes\": \"x\"}"), 422,
        "unknown_field", "notes");
    assertError(post("/api/v1/approvals/" + a.id() + "/approve", bearer(), "{\"note\": 5}"), 422,
        "invalid_field", "note");
    assertError(post("/api/v1/approvals/" + a.id() + "/approve", bearer(), "not json"), 400, "invalid_json", null);
    assertError(post("/api/v1/approvals/" + a.id() + "/maybe", bearer(), null), 404, "not_found", null);
    assertError(get("/api/v1/approvals/" + a.id() + "/approve", bearer()), 405, "method_not_allowed", null);
    assertError(post("/api/v1/approvals/apr_missing/approve", bearer(), null), 404, "not_found", null);
    assertThat(store.approvals().find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void auditorsReadButCannotDecide() throws Exception {
    Approval a = pending("default", "bot");
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();

    assertThat(get("/api/v1/approvals", auditor).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/approvals/" + a.id(), auditor).statusCode()).isEqualTo(200);
    assertError(post("/api/v1/approvals/" + a.id() + "/approve", auditor, null), 403, "forbidden", null);
    assertError(post("/api/v1/approvals/" + a.id() + "/deny", auditor, null), 403, "forbidden", null);
    assertThat(store.approvals().find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);

    String admin = "Bearer " + store.adminTokens().create("admin", "operator").secret();
    assertThat(post("/api/v1/approvals/" + a.id() + "/deny", admin, null).statusCode()).isEqualTo(200);
  }

  @Test
  void anEnvironmentScopedKeySeesAndDecidesOnlyItsEnvironmentsApprovals() throws Exception {
    store.environments().create(Environment.of("staging", "Staging"));
    Approval mine = pending("staging", "bot");
    Approval theirs = pending("default", "bot");
    String scoped = "Bearer " + scopedToken("admin", "staging");

    assertThat(ids(json.readTree(get("/api/v1/approvals", scoped).body()))).containsExactly(mine.id());
    assertThat(json.readTree(get("/api/v1/approvals", scoped).body()).at("/meta/total").asLong()).isEqualTo(1);
    assertError(get("/api/v1/approvals?env=default", scoped), 404, "not_found", null);
    assertError(get("/api/v1/approvals/" + theirs.id(), scoped), 404, "not_found", null);
    assertError(post("/api/v1/approvals/" + theirs.id() + "/approve", scoped, null), 404, "not_found", null);
    assertThat(store.approvals().find(theirs.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);

    assertThat(post("/api/v1/approvals/" + mine.id() + "/approve", scoped, null).statusCode()).isEqualTo(200);
    assertThat(ids(json.readTree(get("/api/v1/approvals?env=default", bearer()).body()))).containsExactly(theirs.id());
  }

  private static List<String> ids(JsonNode envelope) {
    List<String> out = new ArrayList<>();
    envelope.get("data").forEach(a -> out.add(a.get("id").asText()));
    return out;
  }

  private static String scopedToken(String role, String env) throws Exception {
    var issued = store.adminTokens().create(role, "scoped");
    sql("UPDATE admin_tokens SET env = '" + env + "' WHERE id = '" + issued.id() + "'");
    return issued.secret();
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
