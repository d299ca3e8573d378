package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Agents and keys through the API reach the in-memory directory before the answer; a store not yet open answers 503. */
class AdminServerAgentsTest extends AdminServerTestBase {
  @Test
  void createdAgentKeyAuthenticatesThroughTheDirectory() throws Exception {
    HttpResponse<String> created =
        post("/api/v1/agents", bearer(), "{\"name\":\"ci-bot\",\"env\":\"default\",\"runtime_type\":\"custom\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode data = json.readTree(created.body()).get("data");
    assertThat(data.at("/agent/id").asText()).startsWith("agt_");
    assertThat(data.at("/agent/status").asText()).isEqualTo("active");
    assertThat(data.at("/key/id").asText()).startsWith("key_");
    String secret = data.at("/key/secret").asText();

    // Known to this node's directory as soon as the API answered.
    assertThat(directory.authenticate("ci-bot", secret).get(5, TimeUnit.SECONDS))
        .hasValueSatisfying(id -> assertThat(id.env()).isEqualTo("default"));
    assertThat(directory.isKnownAgent("ci-bot")).isTrue();

    JsonNode list = json.readTree(get("/api/v1/agents?env=default", bearer()).body());
    assertThat(list.at("/data/0/name").asText()).isEqualTo("ci-bot");
    assertThat(list.toString()).doesNotContain(secret);
    assertError(post("/api/v1/agents", bearer(), "{\"name\":\"ci-bot\",\"env\":\"default\"}"), 409, "conflict", null);
    assertError(post("/api/v1/agents", bearer(), "{\"name\":\"x\",\"env\":\"missing\"}"), 404, "not_found", null);
    assertError(post("/api/v1/agents", bearer(), "{\"name\":\"bad name\"}"), 422, "invalid_name", "name");
  }

  @Test
  void suspendUnsuspendIssueAndRevokeApplyToTheDirectoryBeforeTheAnswer() throws Exception {
    JsonNode created = json.readTree(post("/api/v1/agents", bearer(), "{\"name\":\"ops-bot\"}").body()).get("data");
    String id = created.at("/agent/id").asText();
    String first = created.at("/key/secret").asText();
    assertThat(authenticates("ops-bot", first)).isTrue();

    HttpResponse<String> suspended = post("/api/v1/agents/" + id + "/suspend", bearer(), null);
    assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
    assertThat(json.readTree(suspended.body()).at("/data/status").asText()).isEqualTo("suspended");
    assertThat(authenticates("ops-bot", first)).isFalse();
    assertThat(directory.isKnownAgent("ops-bot")).isTrue();
    assertThat(json.readTree(post("/api/v1/agents/" + id + "/unsuspend", bearer(), null).body())
        .at("/data/status").asText()).isEqualTo("active");
    assertThat(authenticates("ops-bot", first)).isTrue();

    HttpResponse<String> issued = post("/api/v1/agents/" + id + "/keys", bearer(), null);
    assertThat(issued.statusCode()).isEqualTo(201);
    String second = json.readTree(issued.body()).at("/data/secret").asText();
    String secondId = json.readTree(issued.body()).at("/data/id").asText();
    assertThat(authenticates("ops-bot", second)).isTrue();

    // Rotation: the new key works, the old one is revoked.
    HttpResponse<String> revoked =
        call("DELETE", "/api/v1/agents/" + id + "/keys/" + created.at("/key/id").asText(), bearer(), null);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(authenticates("ops-bot", first)).isFalse();
    assertThat(authenticates("ops-bot", second)).isTrue();

    assertError(call("DELETE", "/api/v1/agents/agt_nope/keys/" + secondId, bearer(), null), 404, "not_found", null);
    assertError(post("/api/v1/agents/agt_nope/suspend", bearer(), null), 404, "not_found", null);
    assertError(post("/api/v1/agents/" + id + "/explode", bearer(), null), 404, "not_found", null);
    assertError(get("/api/v1/agents/" + id + "/suspend", bearer()), 405, "method_not_allowed", null);
  }

  @Test
  void beforeTheStoreIsOpenTheApiAnswers503AndReadyzToo() throws Exception {
    storeOpen.set(false);
    try {
      assertError(get("/api/v1/agents", bearer()), 503, "unavailable", null);
      assertError(get("/api/v1/environments", null), 503, "unavailable", null);
      assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
      HttpResponse<String> ready = call("GET", "/readyz", null, null);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(json.readTree(ready.body()).get("status").asText()).isEqualTo("unavailable");
    } finally {
      storeOpen.set(true);
    }
    assertThat(get("/api/v1/agents", bearer()).statusCode()).isEqualTo(200);
  }

  private static boolean authenticates(String agent, String key) throws Exception {
    return directory.authenticate(agent, key).get(5, TimeUnit.SECONDS).isPresent();
  }

}
