package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalRepository;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code airlock approval …} run in-process against a real admin server and database. */
class AdminServerApprovalCliTest extends AdminServerTestBase {
  @BeforeEach
  void staging() {
    store.environments().create(Environment.of("staging", "Staging"));
  }

  private Map<String, String> env() {
    return Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(env(), args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  private static Approval pending(String env, String agent) {
    return store.approvals().create(ApprovalRepository.newId(), new ApprovalRequest(env, agent, "key_1", "jira",
        "create_issue", "acme.atlassian.net", "POST", "/rest/api/2/issue", "a".repeat(64), List.of("NEEDS_APPROVAL"),
        "jira-approval/writes", "MEDIUM", "trc_1"));
  }

  @Test
  void listShowAndFilterApprovals() throws Exception {
    Approval here = pending("staging", "ci-bot");
    Approval there = pending("default", "other-bot");

    String table = ok("approval", "list").out();
    assertThat(table).contains("ID", "STATUS", "AGENT", here.id(), there.id(), "jira create_issue",
        "acme.atlassian.net", "pending");
    String staging = ok("approval", "list", "--env", "staging").out();
    assertThat(staging).contains(here.id()).doesNotContain(there.id());
    assertThat(ok("approval", "list", "--status", "approved").err()).contains("No approved approvals.");

    JsonNode listed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        ok("approval", "list", "--agent", "ci-bot", "-o", "json").out());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(here.id());

    String shown = ok("approval", "show", here.id()).out();
    assertThat(shown).contains(here.id(), "pending", "staging", "ci-bot", "POST acme.atlassian.net/rest/api/2/issue",
        "jira-approval/writes", "a".repeat(64), "trc_1");
  }

  @Test
  void approveAndDenyWithANoteAndAConflictIsOneLine() {
    Approval approve = pending("staging", "ci-bot");
    Approval deny = pending("staging", "ci-bot");

    assertThat(ok("approval", "approve", approve.id(), "--note", "checked the ticket").out())
        .startsWith("Approved " + approve.id() + ": ci-bot jira create_issue to acme.atlassian.net");
    Approval stored = store.approvals().find(approve.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(stored.decisionNote()).isEqualTo("checked the ticket");

    assertThat(ok("approval", "deny", deny.id()).out()).startsWith("Denied " + deny.id());
    assertThat(ok("approval", "show", deny.id()).out()).contains("denied", "Decided by");

    Cli.Result conflict = Cli.run(env(), "approval", "approve", deny.id());
    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.out()).isEmpty();
    assertThat(conflict.err().lines()).hasSize(1).first().asString()
        .startsWith("airlock: ").contains("approval_already_decided", "is denied");

    Cli.Result missing = Cli.run(env(), "approval", "show", "apr_missing");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().lines()).hasSize(1).first().asString().contains("approval not found");
  }

  @Test
  void aBadStatusIsAUsageError() {
    Cli.Result r = Cli.run(env(), "approval", "list", "--status", "maybe");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--status");
  }
}
