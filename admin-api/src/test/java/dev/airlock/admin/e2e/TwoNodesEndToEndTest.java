package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoppablePostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database, given the same deployment CA key: what is changed through one node's
 * admin API reaches the other by notification (agents and keys, policies, environment settings), and
 * both present leaves from one CA.
 */
class TwoNodesEndToEndTest {
  /** Far below the 30 s periodic resync: only a notification is this fast. */
  private static final Duration PUSHED = Duration.ofSeconds(3);
  /** What the product promises for revoked keys, suspensions and policy changes on every node. */
  private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

  @Test
  void agentChangesOnOneNodeReachTheOtherWithinSeconds() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start();
        AirlockHarness a = new AirlockHarness();
        AirlockHarness b = new AirlockHarness()) {
      startBoth(pg, a, b);

      JsonNode created = a.admin("POST", "/api/v1/agents", "{\"name\":\"fleet-bot\"}").get("data");
      String id = created.at("/agent/id").asText();
      String key = created.at("/key/secret").asText();
      assertThat(connect(a, key)).as("the creating node, right after the answer").isEqualTo("200");
      Poll.until(PUSHED, "the other node to learn the new agent", () -> "200".equals(connect(b, key)));

      a.admin("POST", "/api/v1/agents/" + id + "/suspend", null);
      assertThat(connect(a, key)).isEqualTo("407");
      Poll.until(WITHIN_A_SECOND, "the other node to apply the suspension", () -> "407".equals(connect(b, key)));

      a.admin("POST", "/api/v1/agents/" + id + "/unsuspend", null);
      Poll.until(WITHIN_A_SECOND, "the other node to apply the unsuspension", () -> "200".equals(connect(b, key)));
      a.admin("DELETE", "/api/v1/agents/" + id + "/keys/" + created.at("/key/id").asText(), null);
      assertThat(connect(a, key)).isEqualTo("407");
      Poll.until(WITHIN_A_SECOND, "the other node to apply the revocation", () -> "407".equals(connect(b, key)));
    }
  }

  @Test
  void aPolicyAppliedOnOneNodeBlocksOnTheOtherWithinASecondAndSoDoesAnEnvironmentsMode() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start();
        AirlockHarness a = new AirlockHarness();
        AirlockHarness b = new AirlockHarness()) {
      startBoth(pg, a, b);
      String key = a.agentKey; // local-agent, made by the first node's bootstrap
      assertThat(get(b, key)).as("before any policy (leaf minted, connections warm)").isEqualTo("200");

      a.admin("POST", "/api/v1/policies", """
          {"name": "no-example-api", "env_names": ["*"], "rules": [
            {"id": "block", "match": {"host": "api.example.com"}, "action": "DENY", "severity": "HIGH",
             "priority": 1, "reason": "EXAMPLE_API_BLOCKED"}]}""");
      assertThat(get(a, key)).as("the node that applied it, right after the answer").isEqualTo("403");
      Poll.until(WITHIN_A_SECOND, "the other node to block with the new policy", () -> "403".equals(get(b, key)));

      // The environment switched to monitor: the would-be DENY is only recorded, the request goes through.
      // Written as any node's admin API writes it: one committed UPDATE of the environments table.
      sql(pg, "UPDATE environments SET enforcement_mode = 'monitor', updated_at = now() WHERE slug = 'default'");
      Poll.until(WITHIN_A_SECOND, "the other node to apply monitor mode", () -> "200".equals(get(b, key)));
      sql(pg, "UPDATE environments SET enforcement_mode = 'enforce', updated_at = now() WHERE slug = 'default'");
      Poll.until(WITHIN_A_SECOND, "the other node to enforce again", () -> "403".equals(get(b, key)));

      String policyId = null;
      for (JsonNode p : a.admin("GET", "/api/v1/policies", null).get("data")) {
        if (p.get("name").asText().equals("no-example-api")) {
          policyId = p.get("id").asText();
        }
      }
      a.admin("DELETE", "/api/v1/policies/" + policyId, null);
      Poll.until(WITHIN_A_SECOND, "the other node to drop the deleted policy", () -> "200".equals(get(b, key)));
    }
  }

  @Test
  void bothNodesPresentLeavesFromTheOneDeploymentCa() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start();
        AirlockHarness a = new AirlockHarness();
        AirlockHarness b = new AirlockHarness()) {
      startBoth(pg, a, b);
      assertThat(Files.readString(b.airlockCa)).as("the CA the second node took from the database")
          .isEqualTo(Files.readString(a.airlockCa));
      assertThat(b.node.ca().fingerprint()).isEqualTo(a.node.ca().fingerprint());
      // A client that trusts only the first node's CA file, through each node.
      for (AirlockHarness h : List.of(a, b)) {
        Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w",
            "%{http_code}", "-x", h.proxyUrl("local-agent", a.agentKey), "--cacert", a.airlockCa.toString(),
            "https://api.example.com/ping"));
        assertThat(r.stdout()).as("through the node on port " + h.proxyPort() + ": " + r.stderr()).isEqualTo("200");
      }
    }
  }

  /** Starts both nodes on one database with the same deployment CA key, the first one first. */
  private static void startBoth(StoppablePostgres pg, AirlockHarness a, AirlockHarness b) throws Exception {
    a.https("api.example.com");
    b.https("api.example.com");
    AirlockHarness.startSharing(pg.jdbcUrl(), a, b);
  }

  /** The status of a GET through this node's proxy as local-agent with this key. */
  private static String get(AirlockHarness h, String key) {
    try {
      Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_code}", "-x", h.proxyUrl("local-agent", key), "--cacert", h.airlockCa.toString(),
          "https://api.example.com/ping"));
      return r.stdout();
    } catch (Exception e) {
      return e.toString();
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

  private static void sql(StoppablePostgres pg, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }
}
