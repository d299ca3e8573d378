package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may see and change agents (environment scope, roles), and the audit record of every change. */
class AdminServerAgentsAccessTest extends AgentsApiTestBase {
  @Test
  void anEnvironmentScopedKeySeesAndChangesOnlyItsEnvironment() throws Exception {
    JsonNode other = createAgent("d1", "default");
    String otherId = other.at("/agent/id").asText();
    String otherKey = other.at("/key/id").asText();
    createAgent("s1", "staging");
    String scoped = "Bearer " + scopedToken("admin", "staging");

    JsonNode mine = json.readTree(get("/api/v1/agents", scoped).body());
    assertThat(names(mine)).containsExactly("s1");
    assertThat(mine.at("/meta/total").asInt()).isEqualTo(1);
    assertThat(names(json.readTree(get("/api/v1/agents?env=staging", scoped).body()))).containsExactly("s1");
    assertError(get("/api/v1/agents?env=default", scoped), 404, "not_found", null);

    String path = "/api/v1/agents/" + otherId;
    assertError(get(path, scoped), 404, "not_found", null);
    assertError(call("PATCH", path, scoped, "{\"name\":\"mine\"}"), 404, "not_found", null);
    assertError(call("DELETE", path, scoped, null), 404, "not_found", null);
    assertError(post(path + "/suspend", scoped, null), 404, "not_found", null);
    assertError(post(path + "/unsuspend", scoped, null), 404, "not_found", null);
    assertError(get(path + "/keys", scoped), 404, "not_found", null);
    assertError(post(path + "/keys", scoped, null), 404, "not_found", null);
    assertError(call("DELETE", path + "/keys/" + otherKey, scoped, null), 404, "not_found", null);
    assertError(post(path + "/keys/" + otherKey + "/rotate", scoped, null), 404, "not_found", null);

    assertError(post("/api/v1/agents", scoped, "{\"name\":\"x\",\"env\":\"default\"}"), 403, "forbidden", null);
    HttpResponse<String> created = post("/api/v1/agents", scoped, "{\"name\":\"x\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json.readTree(created.body()).at("/data/agent/env").asText()).isEqualTo("staging");

    JsonNode untouched = json.readTree(get(path, bearer()).body()).get("data");
    assertThat(untouched.get("name").asText()).isEqualTo("d1");
    assertThat(untouched.get("status").asText()).isEqualTo("active");
    assertThat(untouched.at("/keys/0/status").asText()).isEqualTo("active");
    assertThat(untouched.get("keys")).hasSize(1);
  }

  @Test
  void anAuditorReadsAgentsButChangesNothing() throws Exception {
    JsonNode created = createAgent("ci-bot", "default");
    String id = created.at("/agent/id").asText();
    String key = created.at("/key/id").asText();
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();

    assertThat(get("/api/v1/agents", auditor).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/agents/" + id, auditor).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/agents/" + id + "/keys", auditor).statusCode()).isEqualTo(200);
    String path = "/api/v1/agents/" + id;
    assertError(post("/api/v1/agents", auditor, "{\"name\":\"x\"}"), 403, "forbidden", null);
    assertError(call("PATCH", path, auditor, "{\"name\":\"x\"}"), 403, "forbidden", null);
    assertError(call("DELETE", path, auditor, null), 403, "forbidden", null);
    assertError(post(path + "/suspend", auditor, null), 403, "forbidden", null);
    assertError(post(path + "/keys", auditor, null), 403, "forbidden", null);
    assertError(post(path + "/keys/" + key + "/rotate", auditor, null), 403, "forbidden", null);
    assertError(call("DELETE", path + "/keys/" + key, auditor, null), 403, "forbidden", null);
    assertThat(authenticates("ci-bot", created.at("/key/secret").asText())).isTrue();
    assertThat(count("SELECT count(*) FROM audit_events")).isEqualTo(1);
  }

  @Test
  void everyChangeIsAuditedWithItsActorAndRequestAndNeverASecret() throws Exception {
    String actor = store.adminTokens().principalOf(token).orElseThrow().keyId();
    List<String> secrets = new ArrayList<>();
    List<String[]> expected = new ArrayList<>();

    HttpResponse<String> created = post("/api/v1/agents", bearer(), "{\"name\":\"ci-bot\",\"env\":\"staging\"}");
    JsonNode agent = json.readTree(created.body()).get("data");
    String id = agent.at("/agent/id").asText();
    String firstKey = agent.at("/key/id").asText();
    secrets.add(agent.at("/key/secret").asText());
    expected.add(new String[] {requestId(created), "agent.create", "agent", id});
    HttpResponse<String> renamed = call("PATCH", "/api/v1/agents/" + id, bearer(), "{\"name\":\"ci-bot-2\"}");
    expected.add(new String[] {requestId(renamed), "agent.update", "agent", id});
    HttpResponse<String> suspended = post("/api/v1/agents/" + id + "/suspend", bearer(), null);
    expected.add(new String[] {requestId(suspended), "agent.suspend", "agent", id});
    assertThat(post("/api/v1/agents/" + id + "/suspend", bearer(), null).statusCode()).isEqualTo(200);
    HttpResponse<String> unsuspended = post("/api/v1/agents/" + id + "/unsuspend", bearer(), null);
    expected.add(new String[] {requestId(unsuspended), "agent.unsuspend", "agent", id});
    HttpResponse<String> issued = post("/api/v1/agents/" + id + "/keys", bearer(), null);
    JsonNode second = json.readTree(issued.body()).get("data");
    secrets.add(second.get("secret").asText());
    expected.add(new String[] {requestId(issued), "agent.key.create", "agent_key", second.get("id").asText()});
    HttpResponse<String> rotated = post("/api/v1/agents/" + id + "/keys/" + firstKey + "/rotate", bearer(),
        "{\"grace_seconds\":60}");
    JsonNode rotation = json.readTree(rotated.body()).get("data");
    secrets.add(rotation.at("/new_key/secret").asText());
    expected.add(new String[] {requestId(rotated), "agent.key.rotate", "agent_key", firstKey});
    HttpResponse<String> revoked =
        call("DELETE", "/api/v1/agents/" + id + "/keys/" + second.get("id").asText(), bearer(), null);
    expected.add(new String[] {requestId(revoked), "agent.key.revoke", "agent_key", second.get("id").asText()});
    assertThat(call("DELETE", "/api/v1/agents/" + id + "/keys/" + second.get("id").asText(), bearer(), null)
        .statusCode()).as("revoking again").isEqualTo(200);
    assertThat(call("PATCH", "/api/v1/agents/" + id, bearer(), "{\"name\":\"bad name\"}").statusCode()).isEqualTo(422);
    HttpResponse<String> deleted = call("DELETE", "/api/v1/agents/" + id, bearer(), null);
    expected.add(new String[] {requestId(deleted), "agent.delete", "agent", id});

    HttpResponse<String> audit = get("/api/v1/audit?limit=100", bearer());
    JsonNode events = json.readTree(audit.body()).get("data");
    assertThat(events).as("one event per change; repeated and failed requests record nothing").hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = events.get(expected.size() - 1 - i);
      String[] x = expected.get(i);
      assertThat(e.get("request_id").asText()).as(x[1]).isEqualTo(x[0]);
      assertThat(e.get("action").asText()).isEqualTo(x[1]);
      assertThat(e.get("target_type").asText()).as(x[1]).isEqualTo(x[2]);
      assertThat(e.get("target_id").asText()).as(x[1]).isEqualTo(x[3]);
      assertThat(e.get("env").asText()).as(x[1]).isEqualTo("staging");
      assertThat(e.get("actor_key_id").asText()).as(x[1]).isEqualTo(actor);
      assertThat(e.get("actor_role").asText()).as(x[1]).isEqualTo("owner");
    }
    JsonNode create = events.get(expected.size() - 1);
    assertThat(create.get("before").isNull()).isTrue();
    assertThat(create.at("/after/name").asText()).isEqualTo("ci-bot");
    assertThat(create.at("/after/keys/0/id").asText()).isEqualTo(firstKey);
    JsonNode update = events.get(expected.size() - 2);
    assertThat(update.at("/before/name").asText()).isEqualTo("ci-bot");
    assertThat(update.at("/after/name").asText()).isEqualTo("ci-bot-2");
    JsonNode suspend = events.get(expected.size() - 3);
    assertThat(suspend.at("/before/status").asText()).isEqualTo("active");
    assertThat(suspend.at("/after/status").asText()).isEqualTo("suspended");
    JsonNode rotate = events.get(2);
    assertThat(rotate.at("/before/old_key/status").asText()).isEqualTo("active");
    assertThat(rotate.at("/before/new_key").isNull()).isTrue();
    assertThat(rotate.at("/after/old_key/expires_at").isTextual()).isTrue();
    assertThat(rotate.at("/after/new_key/id").asText()).isEqualTo(rotation.at("/new_key/id").asText());
    JsonNode revoke = events.get(1);
    assertThat(revoke.at("/after/status").asText()).isEqualTo("revoked");
    JsonNode delete = events.get(0);
    assertThat(delete.get("after").isNull()).isTrue();
    assertThat(delete.at("/before/name").asText()).isEqualTo("ci-bot-2");
    assertThat(delete.at("/before/keys")).hasSize(3);
    for (String secret : secrets) {
      assertThat(audit.body()).doesNotContain(secret);
    }
    assertThat(audit.body()).doesNotContain("\"secret\"");
    assertThat(json.readTree(get("/api/v1/audit/verify", bearer()).body()).at("/data/ok").asBoolean()).isTrue();
  }
}
