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
 * Key rotation, renaming and deletion through one node's admin API, seen by real curl clients:
 * through that node's proxy at once (the API answers after its own directory has the change), and
 * through another node on the same database by notification.
 */
class AgentChangesEndToEndTest {
  /** Far below the 30 s periodic resync: only a notification is this fast. */
  private static final Duration PUSHED = Duration.ofSeconds(3);

  @Test
  void rotationRenameAndDeletionReachBothNodesProxies() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start();
        AirlockHarness a = new AirlockHarness();
        AirlockHarness b = new AirlockHarness()) {
      for (AirlockHarness h : List.of(a, b)) {
        h.https("api.example.com");
      }
      AirlockHarness.startSharing(pg.jdbcUrl(), a, b);

      JsonNode created = a.admin("POST", "/api/v1/agents", "{\"name\":\"fleet-bot\"}").get("data");
      String id = created.at("/agent/id").asText();
      String oldKey = created.at("/key/secret").asText();
      Poll.until(PUSHED, "the other node to learn the new agent", () -> "200".equals(connect(b, "fleet-bot", oldKey)));

      JsonNode rotated = a.admin("POST", "/api/v1/agents/" + id + "/keys/" + created.at("/key/id").asText()
          + "/rotate", null).get("data");
      String newKey = rotated.at("/new_key/secret").asText();
      assertThat(connect(a, "fleet-bot", oldKey)).as("the rotated key, right after the answer").isEqualTo("407");
      assertThat(connect(a, "fleet-bot", newKey)).as("its replacement, right after the answer").isEqualTo("200");
      Poll.until(PUSHED, "the other node to apply the rotation",
          () -> "407".equals(connect(b, "fleet-bot", oldKey)) && "200".equals(connect(b, "fleet-bot", newKey)));

      a.admin("PATCH", "/api/v1/agents/" + id, "{\"name\":\"fleet-bot-2\"}");
      assertThat(connect(a, "fleet-bot", newKey)).as("the old name").isEqualTo("407");
      assertThat(connect(a, "fleet-bot-2", newKey)).as("the new name").isEqualTo("200");
      Poll.until(PUSHED, "the other node to apply the rename",
          () -> "407".equals(connect(b, "fleet-bot", newKey)) && "200".equals(connect(b, "fleet-bot-2", newKey)));

      a.admin("DELETE", "/api/v1/agents/" + id, null);
      assertThat(connect(a, "fleet-bot-2", newKey)).as("a deleted agent's key").isEqualTo("407");
      Poll.until(PUSHED, "the other node to apply the deletion", () -> "407".equals(connect(b, "fleet-bot-2", newKey)));
    }
  }

  /** The CONNECT status through this node's proxy for this agent name and key. */
  private static String connect(AirlockHarness h, String agent, String key) {
    try {
      Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_connect}", "-x", h.proxyUrl(agent, key), "--cacert", h.airlockCa.toString(),
          "https://api.example.com/ping"));
      return r.stdout();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
