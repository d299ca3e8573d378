package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import dev.airlock.proxy.risk.TrustChange;
import dev.airlock.proxy.risk.TrustEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/agents/{id}/trust} and {@code airlock agent trust}: an agent's trust history. */
class AdminServerAgentTrustTest extends AgentsApiTestBase {
  private static final Instant T0 = Instant.parse("2026-06-10T10:00:00Z");

  private String agentWithHistory(String name, String env) throws Exception {
    String id = createAgent(name, env).get("agent").get("id").asText();
    store.agents().trust().insert(List.of(
        new TrustChange(env, name, T0, TrustEvent.DENY, -0.1, 0.4, 2, "trc_1", null),
        new TrustChange(env, name, T0.plusSeconds(60), TrustEvent.APPROVAL_GRANTED, 0.05, 0.45, 1, null, "apr_1"),
        new TrustChange(env, name, T0.plusSeconds(120), TrustEvent.THREAT_INTEL, -0.25, 0.2, 1, "trc_2", null)),
        "node_test");
    return id;
  }

  @Test
  void theHistoryIsListedNewestFirstInPagesAndTheAgentShowsItsScore() throws Exception {
    String id = agentWithHistory("bot", "default");
    assertThat(json.readTree(get("/api/v1/agents/" + id, bearer()).body()).get("data").get("trust_score").asDouble())
        .isCloseTo(0.2, offset(1e-9));

    JsonNode all = json.readTree(get("/api/v1/agents/" + id + "/trust", bearer()).body());
    assertThat(all.get("meta").get("total").asLong()).isEqualTo(3);
    JsonNode newest = all.get("data").get(0);
    assertThat(newest.get("event").asText()).isEqualTo("threat_intel");
    assertThat(newest.get("delta").asDouble()).isEqualTo(-0.25);
    assertThat(newest.get("score_after").asDouble()).isEqualTo(0.2);
    assertThat(newest.get("trace_id").asText()).isEqualTo("trc_2");
    assertThat(newest.get("agent").asText()).isEqualTo("bot");
    assertThat(newest.get("agent_id").asText()).isEqualTo(id);
    assertThat(newest.get("time").asText()).isEqualTo("2026-06-10T10:02:00Z");
    assertThat(all.get("data").get(2).get("count").asInt()).isEqualTo(2);
    assertThat(all.get("data").get(1).get("approval_id").asText()).isEqualTo("apr_1");

    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = json.readTree(get("/api/v1/agents/" + id + "/trust?limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), bearer()).body());
      page.get("data").forEach(e -> paged.add(e.get("event").asText()));
      JsonNode next = page.get("meta").get("next_cursor");
      cursor = next == null || next.isNull() ? null : next.asText();
    } while (cursor != null);
    assertThat(paged).containsExactly("threat_intel", "approval_granted", "deny");

    JsonNode since = json.readTree(get("/api/v1/agents/" + id + "/trust?since=2026-06-10T10:01:00Z", bearer())
        .body());
    assertThat(since.get("meta").get("total").asLong()).isEqualTo(2);
    assertError(get("/api/v1/agents/" + id + "/trust?cursor=nonsense", bearer()), 400, "invalid_parameter", "cursor");
    assertError(post("/api/v1/agents/" + id + "/trust", bearer(), "{}"), 405, "method_not_allowed", null);
  }

  @Test
  void anotherEnvironmentsAgentIsNotFoundAndAnAuditorMayRead() throws Exception {
    String id = agentWithHistory("bot", "default");
    String scoped = "Bearer " + scopedToken("admin", "staging");
    assertError(get("/api/v1/agents/" + id + "/trust", scoped), 404, "not_found", null);
    assertError(get("/api/v1/agents/agt_missing/trust", bearer()), 404, "not_found", null);
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();
    assertThat(get("/api/v1/agents/" + id + "/trust", auditor).statusCode()).isEqualTo(200);
  }

  @Test
  void theCliPrintsTheScoreAndTheHistory() throws Exception {
    agentWithHistory("bot", "default");
    Map<String, String> env = Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token);
    Cli.Result r = Cli.run(env, "agent", "trust", "bot");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Agent 'bot'").contains("in default: trust 0.200");
    List<String> rows = r.out().lines().filter(l -> l.startsWith("2026-")).toList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).contains("threat_intel").contains("-0.250").contains("0.200").contains("trc_2");
    assertThat(rows.get(2)).contains("deny").contains(" 2 ").contains("trc_1");

    Cli.Result json = Cli.run(env, "agent", "trust", "bot", "-o", "json", "--limit", "1");
    assertThat(json.exitCode()).isZero();
    assertThat(AdminServerAgentTrustTest.json.readTree(json.out())).hasSize(1);

    createAgent("quiet", "staging");
    Cli.Result none = Cli.run(env, "agent", "trust", "quiet");
    assertThat(none.out()).contains("trust 0.500");
    assertThat(none.err()).contains("No trust changes");
    Cli.Result missing = Cli.run(env, "agent", "trust", "nobody");
    assertThat(missing.exitCode()).isEqualTo(1);
  }
}
