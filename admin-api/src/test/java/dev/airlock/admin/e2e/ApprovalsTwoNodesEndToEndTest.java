package dev.airlock.admin.e2e;

import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.header;
import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoppablePostgres;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database: a request held on one node continues when a human approves it
 * through the other node's API, pushed by the database's notification (far sooner than the 30 s
 * resync or the 20 s hold).
 */
class ApprovalsTwoNodesEndToEndTest {
  /** About the product's "within a second", with room for a loaded machine; far below hold and resync. */
  private static final Duration PUSHED = Duration.ofSeconds(3);
  private static final String POLICY = """
      {"name": "deploys-need-approval", "env_names": ["*"], "rules": [
        {"id": "probe", "match": {"host": "api.example.com", "path": "/probe"},
         "action": "DENY", "severity": "LOW", "priority": 0, "reason": "PROBE"},
        {"id": "deploy", "match": {"host": "api.example.com", "method": "POST"},
         "action": "REQUIRE_APPROVAL", "severity": "MEDIUM", "priority": 1, "reason": "DEPLOY_NEEDS_APPROVAL"}]}""";

  @Test
  void heldOnOneNodeApprovedThroughTheOthersApiTheAgentGetsTheUpstreamsAnswer() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start();
        AirlockHarness a = new AirlockHarness();
        AirlockHarness b = new AirlockHarness()) {
      RecordingUpstream upstreamA = a.https("api.example.com");
      RecordingUpstream upstreamB = b.https("api.example.com");
      AirlockHarness.startSharing(pg.jdbcUrl(), a, b);
      // The hold first, then the policy: a node that has reloaded the policy has the hold too. The
      // probe rule shows when node B has it, without holding anything.
      a.admin("PATCH", "/api/v1/environments/default", "{\"approval_hold_seconds\": 20}");
      a.admin("POST", "/api/v1/policies", POLICY);
      Poll.until(PUSHED, "node B to load the policy", () -> "403".equals(probe(b)));

      CompletableFuture<Clients.Result> agent = ApprovalsEndToEndTest.post(b, "/deploy/two-nodes", "{\"v\":1}");
      String id = ApprovalsEndToEndTest.awaitPending(a, "/deploy/two-nodes");
      assertThat(agent).isNotDone();
      a.admin("POST", "/api/v1/approvals/" + id + "/approve", null);
      long approvedAt = System.nanoTime();

      Clients.Result r = agent.get(30, TimeUnit.SECONDS);
      Duration after = Duration.ofNanos(System.nanoTime() - approvedAt);
      assertThat(status(r)).as(r.stdout() + r.stderr()).isEqualTo(200);
      assertThat(after).as("answered after the approval on the other node").isLessThan(PUSHED);
      assertThat(upstreamB.received().stream().filter(q -> q.uri().equals("/deploy/two-nodes")).count()).isEqualTo(1);
      assertThat(upstreamA.received()).isEmpty();
      assertThat(b.trace(header(r, "X-Airlock-Trace-Id")).get("approval_id").asText()).isEqualTo(id);
    }
  }

  /** The status of a GET of the probe path through this node. */
  private static String probe(AirlockHarness h) {
    try {
      return Clients.run(null, java.util.Map.of(), java.util.List.of("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_code}", "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(), "https://api.example.com/probe"))
          .stdout();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
