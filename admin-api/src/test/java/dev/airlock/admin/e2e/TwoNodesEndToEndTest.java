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
 * Two nodes on one database: an agent created through one node's admin API works at once through
 * that node's proxy, and reaches the other node by notification, as do suspension and revocation.
 */
class TwoNodesEndToEndTest {
  /** Far below the 30 s periodic resync: only a notification is this fast. */
  private static final Duration PUSHED = Duration.ofSeconds(3);

  @Test
  void agentChangesOnOneNodeReachTheOtherWithinSeconds() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start();
        AirlockHarness a = new AirlockHarness();
        AirlockHarness b = new AirlockHarness()) {
      for (AirlockHarness h : List.of(a, b)) {
        h.https("api.example.com");
        h.dbUrl = pg.jdbcUrl();
      }
      a.start();
      b.start();

      JsonNode created = a.admin("POST", "/api/v1/agents", "{\"name\":\"fleet-bot\"}").get("data");
      String id = created.at("/agent/id").asText();
      String key = created.at("/key/secret").asText();
      assertThat(connect(a, key)).as("the creating node, right after the answer").isEqualTo("200");
      Poll.until(PUSHED, "the other node to learn the new agent", () -> "200".equals(connect(b, key)));

      a.admin("POST", "/api/v1/agents/" + id + "/suspend", null);
      assertThat(connect(a, key)).isEqualTo("407");
      Poll.until(PUSHED, "the other node to apply the suspension", () -> "407".equals(connect(b, key)));

      a.admin("POST", "/api/v1/agents/" + id + "/unsuspend", null);
      Poll.until(PUSHED, "the other node to apply the unsuspension", () -> "200".equals(connect(b, key)));
      a.admin("DELETE", "/api/v1/agents/" + id + "/keys/" + created.at("/key/id").asText(), null);
      assertThat(connect(a, key)).isEqualTo("407");
      Poll.until(PUSHED, "the other node to apply the revocation", () -> "407".equals(connect(b, key)));
    }
  }

  /** The CONNECT status through this node's proxy for agent fleet-bot with this key. */
  private static String connect(AirlockHarness h, String key) {
    try {
      Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_connect}", "-x", h.proxyUrl("fleet-bot", key), "--cacert", h.airlockCa.toString(),
          "https://api.example.com/ping"));
      return r.stdout();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
