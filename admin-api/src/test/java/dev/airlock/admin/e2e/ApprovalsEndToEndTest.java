package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rule with action REQUIRE_APPROVAL, driven with curl through a real node: the request is held
 * while a human decides through the admin API, and what the agent and the upstream see depends on
 * the decision. The node runs with a short grant window so that its end can be seen.
 */
class ApprovalsEndToEndTest {
  static final Duration GRANT_WINDOW = Duration.ofSeconds(5);
  static final String POLICY = """
      {"name": "deploys-need-approval", "env_names": ["*"], "rules": [
        {"id": "deploy", "match": {"host": "api.example.com", "method": "POST"},
         "action": "REQUIRE_APPROVAL", "severity": "MEDIUM", "priority": 1, "reason": "DEPLOY_NEEDS_APPROVAL"}]}""";
  static AirlockHarness h;
  static RecordingUpstream upstream;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    upstream = h.https("api.example.com");
    upstream.onAnyPath(ex -> {
      byte[] out = ("{\"deployed\":\"" + ex.getRequestURI().getPath() + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(201, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    h.config("approvals:\n  grant_window: " + GRANT_WINDOW.toSeconds() + "s\n");
    h.start();
    h.admin("POST", "/api/v1/policies", POLICY);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void approvedWhileHeldTheAgentGetsTheUpstreamsAnswerAndTheUpstreamSawOneRequest() throws Exception {
    hold(20);
    CompletableFuture<Clients.Result> agent = post(h, "/deploy/approved", "{\"version\":\"v1\"}");

    String id = awaitPending(h, "/deploy/approved");
    assertThat(agent).as("held while nobody decided").isNotDone();
    JsonNode approval = h.admin("GET", "/api/v1/approvals/" + id, null).get("data");
    assertThat(approval.get("agent").asText()).isEqualTo("local-agent");
    assertThat(approval.get("method").asText()).isEqualTo("POST");
    assertThat(approval.get("rule").asText()).isEqualTo("deploys-need-approval/deploy");
    assertThat(approval.get("body_sha256").asText()).hasSize(64);
    h.admin("POST", "/api/v1/approvals/" + id + "/approve", "{\"note\":\"release window\"}");

    Clients.Result r = agent.get(20, TimeUnit.SECONDS);
    assertThat(status(r)).as(r.stdout() + r.stderr()).isEqualTo(201);
    assertThat(AirlockHarness.jsonBody(r.stdout()).get("deployed").asText()).isEqualTo("/deploy/approved");
    assertThat(received("/deploy/approved")).hasSize(1).first()
        .satisfies(q -> assertThat(q.bodyText()).isEqualTo("{\"version\":\"v1\"}"));

    JsonNode t = h.trace(header(r, "X-Airlock-Trace-Id"));
    assertThat(t.get("decision").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(t.get("enforced_action").asText()).isEqualTo("ALLOW");
    assertThat(t.get("reasons").toString()).contains("DEPLOY_NEEDS_APPROVAL", "APPROVED");
    assertThat(t.get("approval_id").asText()).isEqualTo(id);
    assertThat(t.get("status").asInt()).isEqualTo(201);
    assertThat(approval.get("trace_id").asText()).isEqualTo(t.get("id").asText());
  }

  @Test
  void undecidedWithinTheHoldTheAgentIsToldPendingThenTheIdenticalRequestIsGrantedForTheWindow() throws Exception {
    hold(1);
    String body = "{\"version\":\"v2\"}";
    Clients.Result first = post(h, "/deploy/pending", body).get(20, TimeUnit.SECONDS);

    assertThat(status(first)).as(first.stdout() + first.stderr()).isEqualTo(403);
    String id = header(first, "X-Airlock-Approval-Id");
    assertThat(id).startsWith("apr_");
    assertThat(Integer.parseInt(header(first, "Retry-After"))).isPositive();
    assertThat(header(first, "X-Airlock-Decision")).isEqualTo("REQUIRE_APPROVAL");
    JsonNode refusal = AirlockHarness.jsonBody(first.stdout());
    assertThat(refusal.get("decision").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(refusal.get("approval_id").asText()).isEqualTo(id);
    assertThat(refusal.get("status").asText()).isEqualTo("pending");
    assertThat(refusal.get("retry_after").asInt()).isPositive();
    assertThat(refusal.at("/error/type").asText()).isEqualTo("airlock_policy_denied");
    assertThat(refusal.at("/error/code").asText()).isEqualTo("DEPLOY_NEEDS_APPROVAL");
    assertThat(refusal.at("/error/message").asText())
        .contains("a human must approve", id, "retry the identical request");
    assertThat(received("/deploy/pending")).as("the upstream saw nothing").isEmpty();
    JsonNode held = h.trace(header(first, "X-Airlock-Trace-Id"));
    assertThat(held.get("enforced_action").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(held.get("approval_id").asText()).isEqualTo(id);
    assertThat(h.admin("GET", "/api/v1/approvals/" + id, null).at("/data/status").asText()).isEqualTo("pending");

    JsonNode decided = h.admin("POST", "/api/v1/approvals/" + id + "/approve", null).get("data");
    Instant grantedAt = Instant.parse(decided.get("decided_at").asText());
    Clients.Result retried = post(h, "/deploy/pending", body).get(20, TimeUnit.SECONDS);

    assertThat(status(retried)).as(retried.stdout()).isEqualTo(201);
    assertThat(received("/deploy/pending")).hasSize(1);
    JsonNode granted = h.trace(header(retried, "X-Airlock-Trace-Id"));
    assertThat(granted.get("enforced_action").asText()).isEqualTo("ALLOW");
    assertThat(granted.get("reasons").toString()).contains("RECENT_APPROVAL_GRANT");
    assertThat(granted.get("approval_id").asText()).isEqualTo(id);

    Clients.Result otherBody = post(h, "/deploy/pending", "{\"version\":\"v3\"}").get(20, TimeUnit.SECONDS);
    assertThat(status(otherBody)).as("another body is another request").isEqualTo(403);
    assertThat(header(otherBody, "X-Airlock-Approval-Id")).isNotEqualTo(id);

    Poll.until(GRANT_WINDOW.plusSeconds(5), "the grant window to end",
        () -> Instant.now().isAfter(grantedAt.plus(GRANT_WINDOW)));
    Clients.Result afterWindow = post(h, "/deploy/pending", body).get(20, TimeUnit.SECONDS);
    assertThat(status(afterWindow)).as("held again once the grant window is over").isEqualTo(403);
    assertThat(header(afterWindow, "X-Airlock-Approval-Id")).startsWith("apr_").isNotEqualTo(id);
    assertThat(received("/deploy/pending")).hasSize(1);
  }

  @Test
  void deniedWhileHeldTheAgentGetsDenyAndTheUpstreamSeesNothing() throws Exception {
    hold(20);
    CompletableFuture<Clients.Result> agent = post(h, "/deploy/denied", "{\"version\":\"v4\"}");
    String id = awaitPending(h, "/deploy/denied");
    h.admin("POST", "/api/v1/approvals/" + id + "/deny", "{\"note\":\"not today\"}");

    Clients.Result r = agent.get(20, TimeUnit.SECONDS);
    assertThat(status(r)).as(r.stdout()).isEqualTo(403);
    assertThat(header(r, "X-Airlock-Decision")).isEqualTo("DENY");
    JsonNode body = AirlockHarness.jsonBody(r.stdout());
    assertThat(body.get("decision").asText()).isEqualTo("DENY");
    assertThat(body.get("reasons").toString()).contains("APPROVAL_DENIED");
    assertThat(body.get("approval_id").asText()).isEqualTo(id);
    assertThat(body.at("/error/message").asText()).contains("APPROVAL_DENIED", id);
    assertThat(received("/deploy/denied")).isEmpty();
    JsonNode t = h.trace(header(r, "X-Airlock-Trace-Id"));
    assertThat(t.get("enforced_action").asText()).isEqualTo("DENY");
    assertThat(t.get("reasons").toString()).contains("APPROVAL_DENIED");
    assertThat(t.get("approval_id").asText()).isEqualTo(id);
  }

  @Test
  void anAgentThatGoesAwayWhileHeldLeavesTheApprovalPendingAndNothingIsSent() throws Exception {
    hold(20);
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "2", "-D", "-", "-x", h.proxyUrl(),
        "--cacert", h.airlockCa.toString(), "-X", "POST", "--data", "{\"version\":\"v5\"}",
        "https://api.example.com/deploy/gone"));
    Clients.Result r = Clients.run(null, java.util.Map.of(), command);
    assertThat(r.exit()).as("curl gave up (timeout) while held: " + r.stderr()).isEqualTo(28);
    String id = awaitPending(h, "/deploy/gone");
    // The exchange ended when the agent left: its trace is written then, not when the hold would end.
    JsonNode t = h.trace(h.admin("GET", "/api/v1/approvals/" + id, null).at("/data/trace_id").asText());
    assertThat(t.get("approval_id").asText()).isEqualTo(id);
    assertThat(t.get("upstream_ms").asLong()).isEqualTo(-1);

    h.admin("POST", "/api/v1/approvals/" + id + "/approve", null);
    assertThat(received("/deploy/gone")).as("nothing is sent for an agent that left").isEmpty();
  }

  @Test
  void theScanApiRecordsTheApprovalAndItsGrantHoldsForTheProxyToo() throws Exception {
    hold(20);
    String body = "{\"version\":\"v9\"}";
    String described = AirlockHarness.JSON.createObjectNode().put("method", "POST")
        .put("url", "https://api.example.com/deploy/scanned").put("body", body)
        .set("headers", AirlockHarness.JSON.createObjectNode().put("content-type", "application/json")).toString();

    JsonNode first = ScanCalls.scan(h, ScanCalls.bearer(h), described).data();
    assertThat(first.get("decision").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(first.get("enforced_action").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(first.get("status").asText()).as("a described request is never held").isEqualTo("pending");
    assertThat(first.get("retry_after").asInt()).isPositive();
    String id = first.get("approval_id").asText();
    JsonNode approval = h.admin("GET", "/api/v1/approvals/" + id, null).get("data");
    assertThat(approval.get("status").asText()).isEqualTo("pending");
    assertThat(approval.get("path").asText()).isEqualTo("/deploy/scanned");
    assertThat(approval.get("trace_id").asText()).isEqualTo(first.get("trace_id").asText());
    assertThat(h.trace(first.get("trace_id").asText()).get("approval_id").asText()).isEqualTo(id);

    h.admin("POST", "/api/v1/approvals/" + id + "/approve", null);
    JsonNode again = ScanCalls.scan(h, ScanCalls.bearer(h), described).data();
    assertThat(again.get("enforced_action").asText()).isEqualTo("ALLOW");
    assertThat(again.get("reasons").toString()).contains("RECENT_APPROVAL_GRANT");
    assertThat(again.get("approval_id").asText()).isEqualTo(id);
    assertThat(again.get("status").asText()).isEqualTo("granted");

    // The identical request sent through the proxy goes through on the same grant, without a hold.
    Clients.Result sent = post(h, "/deploy/scanned", body).get(20, TimeUnit.SECONDS);
    assertThat(status(sent)).as(sent.stdout() + sent.stderr()).isEqualTo(201);
    assertThat(h.trace(header(sent, "X-Airlock-Trace-Id")).get("reasons").toString())
        .contains("RECENT_APPROVAL_GRANT");
    assertThat(received("/deploy/scanned")).hasSize(1);
  }

  static void hold(int seconds) throws Exception {
    h.admin("PATCH", "/api/v1/environments/default", "{\"approval_hold_seconds\": " + seconds + "}");
  }

  /** curl POSTs {@code body} through the node, answered asynchronously (a held request takes a while). */
  static CompletableFuture<Clients.Result> post(AirlockHarness node, String path, String body) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Clients.run(null, java.util.Map.of(), List.of("curl", "-sS", "--max-time", "30", "-D", "-", "-x",
            node.proxyUrl(), "--cacert", node.airlockCa.toString(), "-X", "POST", "-H",
            "Content-Type: application/json", "--data", body, "https://api.example.com" + path));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The id of the pending approval for {@code path}, once the node has recorded it. */
  static String awaitPending(AirlockHarness node, String path) {
    String[] id = new String[1];
    Poll.until(Duration.ofSeconds(15), "a pending approval for " + path, () -> {
      try {
        for (JsonNode a : node.admin("GET", "/api/v1/approvals?status=pending", null).get("data")) {
          if (a.get("path").asText().equals(path)) {
            id[0] = a.get("id").asText();
            return true;
          }
        }
        return false;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    return id[0];
  }

  static List<RecordingUpstream.Received> received(String path) {
    return upstream.received().stream().filter(q -> q.uri().equals(path)).toList();
  }

  /** The status of the origin response (the last head curl printed, after the CONNECT's). */
  static int status(Clients.Result r) {
    String[] blocks = r.stdout().split("\r\n\r\n");
    for (int i = blocks.length - 1; i >= 0; i--) {
      if (blocks[i].startsWith("HTTP/")) {
        return Integer.parseInt(blocks[i].split(" ", 3)[1]);
      }
    }
    throw new AssertionError("no response head in: " + r.stdout() + r.stderr());
  }

  static String header(Clients.Result r, String name) {
    String value = null;
    for (String line : r.stdout().split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        value = line.substring(colon + 1).trim(); // the last one: the origin response's, not the CONNECT's
      }
    }
    return value;
  }
}
