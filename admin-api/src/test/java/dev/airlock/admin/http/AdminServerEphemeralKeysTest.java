package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.store.Poll;
import dev.airlock.proxy.policy.KeyScope;
import dev.airlock.proxy.spi.AgentIdentity;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ephemeral agent keys: issued through the API and the CLI, scoped, expiring, audited. */
class AdminServerEphemeralKeysTest extends AgentsApiTestBase {
  private String agentId() throws Exception {
    return createAgent("ci-bot", "default").at("/agent/id").asText();
  }

  @Test
  void anEphemeralKeyCarriesItsScopeAndExpiryIntoTheDirectory() throws Exception {
    String id = agentId();
    HttpResponse<String> r = post("/api/v1/agents/" + id + "/keys", bearer(),
        "{\"ephemeral\":true,\"ttl\":\"1h\",\"operations\":[\"slack.post_message\",\"GitHub.*\"],"
            + "\"hosts\":[\"Slack.com\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode key = json.readTree(r.body()).get("data");
    assertThat(key.get("kind").asText()).isEqualTo("ephemeral");
    assertThat(key.get("operations")).extracting(JsonNode::asText).containsExactly("slack.post_message", "github.*");
    assertThat(key.get("hosts")).extracting(JsonNode::asText).containsExactly("slack.com");
    assertThat(Instant.parse(key.get("expires_at").asText()))
        .isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(1, ChronoUnit.MINUTES));
    String secret = key.get("secret").asText();

    AgentIdentity identity = directory.authenticate("ci-bot", secret).get(5, TimeUnit.SECONDS).orElseThrow();
    KeyScope scope = identity.scope();
    assertThat(scope.unlimited()).isFalse();
    assertThat(scope.permits("slack", "post_message", "slack.com")).isTrue();
    assertThat(scope.permits("slack", "conversations_history", "slack.com")).isFalse();
    assertThat(scope.permits("slack", "post_message", "evil.example")).isFalse();
    assertThat(scope.expiresAt()).isEqualTo(Instant.parse(key.get("expires_at").asText()));

    // Listed with its scope, never its secret; recorded in the audit log by id.
    JsonNode listed = json.readTree(get("/api/v1/agents/" + id + "/keys", bearer()).body()).get("data");
    assertThat(listed.get(1).get("operations")).hasSize(2);
    assertThat(listed.toString()).doesNotContain(secret);
    assertThat(listed.get(0).has("operations")).as("the agent key has no scope").isFalse();
    JsonNode audit = json.readTree(get("/api/v1/audit?limit=10", bearer()).body()).get("data");
    assertThat(audit.toString()).contains("agent.key.create_ephemeral", key.get("id").asText())
        .doesNotContain(secret);

    // Ephemeral keys expire by themselves; they are not rotated.
    assertError(post("/api/v1/agents/" + id + "/keys/" + key.get("id").asText() + "/rotate", bearer(), null), 422,
        "ephemeral_key", "key_id");
  }

  @Test
  void anExpiredEphemeralKeyStopsAuthenticatingWithoutAnyChangeAnnounced() throws Exception {
    String id = agentId();
    JsonNode key = json.readTree(post("/api/v1/agents/" + id + "/keys", bearer(),
        "{\"ttl\":2,\"operations\":[\"*\"]}").body()).get("data");
    String secret = key.get("secret").asText();
    assertThat(authenticates("ci-bot", secret)).isTrue();
    Poll.until(Duration.ofSeconds(10), "the ephemeral key to expire", () -> !authenticatesQuietly("ci-bot", secret));
    // Not before its time: expires_at comes from the database's clock and the check from the node's,
    // so the two may differ by a fraction of a millisecond on one host.
    assertThat(Instant.now().plusMillis(50)).isAfterOrEqualTo(Instant.parse(key.get("expires_at").asText()));
  }

  @Test
  void badEphemeralRequestsAreRefusedNamingTheField() throws Exception {
    String keys = "/api/v1/agents/" + agentId() + "/keys";
    assertError(post(keys, bearer(), "{\"ephemeral\":true,\"ttl\":\"25h\",\"operations\":[\"slack.*\"]}"), 400,
        "invalid_ttl", "ttl");
    assertError(post(keys, bearer(), "{\"ephemeral\":true,\"ttl\":86401,\"operations\":[\"slack.*\"]}"), 400,
        "invalid_ttl", "ttl");
    assertError(post(keys, bearer(), "{\"ephemeral\":true,\"ttl\":\"soon\",\"operations\":[\"slack.*\"]}"), 400,
        "invalid_ttl", "ttl");
    assertError(post(keys, bearer(), "{\"ephemeral\":true,\"operations\":[\"slack.*\"]}"), 400, "missing_field",
        "ttl");
    assertError(post(keys, bearer(), "{\"ephemeral\":true,\"ttl\":\"1h\"}"), 400, "invalid_scope", "operations");
    assertError(post(keys, bearer(), "{\"ttl\":\"1h\",\"operations\":[\"slack post\"]}"), 400, "invalid_scope",
        "operations[0]");
    assertError(post(keys, bearer(), "{\"ttl\":\"1h\",\"operations\":[\"slack.*\"],\"hosts\":[\"a b\"]}"), 400,
        "invalid_scope", "hosts[0]");
    assertError(post(keys, bearer(), "{\"ephemeral\":false,\"ttl\":\"1h\"}"), 400, "invalid_field", "ephemeral");
    assertThat(count("SELECT count(*) FROM agent_keys WHERE kind = 'ephemeral'")).isZero();
  }

  @Test
  void theCliCreatesAndListsEphemeralKeys() throws Exception {
    agentId();
    Map<String, String> env = Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token);
    Cli.Result created = Cli.run(env, "agent", "key", "create", "ci-bot", "--ttl", "1h", "--scope",
        "slack.post_message,slack.chat_update", "--host", "slack.com");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("Created ephemeral key key_")
        .contains("Scope:   slack.post_message,slack.chat_update on slack.com", "Expires: ", "Key: alk_");
    assertThat(created.err()).contains("will not be shown again");

    Cli.Result listed = Cli.run(env, "agent", "key", "list", "ci-bot");
    assertThat(listed.out()).contains("SCOPE", "ephemeral", "slack.post_message,slack.chat_update on slack.com");

    Cli.Result tooLong = Cli.run(env, "agent", "key", "create", "ci-bot", "--ttl", "48h", "--scope", "slack.*");
    assertThat(tooLong.exitCode()).isEqualTo(1);
    assertThat(tooLong.err().lines()).hasSize(1).first().asString().contains("invalid_ttl").contains("24h");

    Cli.Result noScope = Cli.run(env, "agent", "key", "create", "ci-bot", "--ttl", "1h");
    assertThat(noScope.exitCode()).isEqualTo(2);
    assertThat(noScope.err()).contains("needs both --ttl and at least one --scope");
    assertThat(count("SELECT count(*) FROM agent_keys WHERE kind = 'ephemeral'")).isEqualTo(1);
    assertThat(List.of(listed.exitCode())).containsExactly(0);
  }
}
