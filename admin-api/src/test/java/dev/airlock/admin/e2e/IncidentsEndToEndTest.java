package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoppablePostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Incidents with two nodes on one database and real curl clients: DENYs split over both nodes
 * count together and open one incident; settings changed on one node reach the other; suspending the agent from it refuses the agent on both
 * nodes' proxies (407), and unsuspending lets it back in.
 */
class IncidentsEndToEndTest {
  /** Far below the 30 s periodic resync: only a notification is this fast. */
  private static final Duration PUSHED = Duration.ofSeconds(3);
  private static final String SECRET_POST = "{\"channel\":\"C1\",\"text\":\"creds: AKIAIOSFODNN7EXAMPLE\"}";

  @Test
  void aBurstOverTwoNodesOpensOneIncidentAndSuspendingTheAgentRefusesItEverywhere() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start();
        AirlockHarness a = new AirlockHarness();
        AirlockHarness b = new AirlockHarness()) {
      for (AirlockHarness h : List.of(a, b)) {
        h.https("slack.com");
        h.https("api.example.com");
        h.config("incidents:\n  triggers:\n    deny_burst: {threshold: 3, window: 10m}\n");
      }
      AirlockHarness.startSharing(pg.jdbcUrl(), a, b);
      assertThat(connect(a)).isEqualTo("200");
      assertThat(connect(b)).isEqualTo("200");

      String first = deniedSecretPost(a);
      deniedSecretPost(b);
      assertThat(incidents(a)).as("two DENYs are below the threshold of 3").isEmpty();
      String third = deniedSecretPost(b);
      a.trace(third);
      Poll.until(Duration.ofSeconds(15), "the burst incident", () -> incidents(a).size() == 1);
      JsonNode incident = incidents(a).get(0);
      assertThat(incident.get("trigger").asText()).isEqualTo("deny_burst");
      assertThat(incident.get("agent").asText()).isEqualTo("local-agent");
      assertThat(incident.get("trace_count").asInt()).as("counted over both nodes").isEqualTo(3);
      String id = incident.get("id").asText();
      JsonNode detail = a.admin("GET", "/api/v1/incidents/" + id, null).get("data");
      assertThat(detail.get("actions")).extracting(n -> n.get("kind").asText())
          .containsExactly("lower_trust", "pin_scrutiny", "alert");
      Poll.until(PUSHED, "both nodes to apply the pinned scrutiny", () -> pinned(a) == 2.0 && pinned(b) == 2.0);
      assertThat(detail.get("timeline").get(0).get("trace_id").asText()).isEqualTo(first);
      assertThat(detail.get("timeline")).allMatch(t -> t.get("decision").asText().equals("DENY")
          && t.get("reasons").toString().contains("SECRET_DETECTED"));

      a.admin("PUT", "/api/v1/incidents/settings", "{\"triggers\": {\"deny_burst\": {\"threshold\": 4}}}");
      Poll.until(PUSHED, "the other node to apply the changed settings", () -> burstThreshold(b) == 4);

      a.admin("POST", "/api/v1/incidents/" + id + "/actions", "{\"action\": \"suspend_agent\"}");
      assertThat(connect(a)).as("refused on the node that suspended it, at once").isEqualTo("407");
      Poll.until(PUSHED, "the other node to refuse the suspended agent", () -> "407".equals(connect(b)));

      b.admin("POST", "/api/v1/incidents/" + id + "/actions", "{\"action\": \"unsuspend_agent\"}");
      assertThat(connect(b)).isEqualTo("200");
      Poll.until(PUSHED, "the first node to let the agent back in", () -> "200".equals(connect(a)));
      JsonNode actions = a.admin("GET", "/api/v1/incidents/" + id, null).at("/data/actions");
      assertThat(actions).extracting(n -> n.get("kind").asText()).contains("suspend_agent", "unsuspend_agent");
    }
  }

  private static long burstThreshold(AirlockHarness h) {
    try {
      return h.admin("GET", "/api/v1/incidents/settings", null).at("/data/triggers/deny_burst/threshold").asLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double pinned(AirlockHarness h) {
    return h.node.trust().pinned("default", "local-agent", java.time.Instant.now());
  }

  private static List<JsonNode> incidents(AirlockHarness h) {
    try {
      List<JsonNode> out = new java.util.ArrayList<>();
      h.admin("GET", "/api/v1/incidents?trigger=deny_burst", null).get("data").forEach(out::add);
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A secret posted to Slack through this node: denied; returns its trace id. */
  private static String deniedSecretPost(AirlockHarness h) throws Exception {
    Clients.Result r = h.curl("-H", "Content-Type: application/json", "--data-binary", SECRET_POST,
        "https://slack.com/api/chat.postMessage");
    assertThat(r.stdout()).contains("HTTP/1.1 403").containsIgnoringCase("x-airlock-decision: DENY");
    String traceId = r.stdout().lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT)
        .startsWith("x-airlock-trace-id:")).findFirst().orElseThrow().split(":", 2)[1].trim();
    h.trace(traceId);
    return traceId;
  }

  /** The CONNECT status through this node's proxy for local-agent. */
  private static String connect(AirlockHarness h) {
    try {
      Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_connect}", "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(), "https://api.example.com/ping"));
      return r.stdout();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
