package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.Poll;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agents API beyond creation: lists with filters and pages, one agent with its keys, rename,
 * delete, key rotation, environment scope and roles. Changes must reach this node's agent directory
 * (never listening: only the API's own refresh updates it) before the answer.
 */
class AdminServerAgentsApiTest extends AdminServerTestBase {
  @BeforeEach
  void staging() {
    store.environments().create(Environment.of("staging", "Staging"));
    directory.load(); // forget the agents of earlier tests, truncated without notice
  }

  @Test
  void listFiltersPagesAndCountsEveryMatch() throws Exception {
    String a1 = createAgent("a1", "default").at("/agent/id").asText();
    String a2 = createAgent("a2", "default").at("/agent/id").asText();
    createAgent("a3", "default");
    createAgent("s1", "staging");
    post("/api/v1/agents/" + a2 + "/suspend", bearer(), null);
    sql("UPDATE agents SET created_at = now() - interval '2 days' WHERE id = '" + a1 + "'");

    JsonNode all = list("");
    assertThat(names(all)).containsExactly("s1", "a3", "a2", "a1");
    assertThat(all.at("/meta/total").asInt()).isEqualTo(4);
    assertThat(all.at("/meta/next_cursor").isMissingNode()).isTrue();
    assertThat(names(list("?env=default"))).containsExactly("a3", "a2", "a1");
    JsonNode suspended = list("?status=suspended");
    assertThat(names(suspended)).containsExactly("a2");
    assertThat(suspended.at("/meta/total").asInt()).isEqualTo(1);
    assertThat(names(list("?name=a1"))).containsExactly("a1");
    assertThat(names(list("?name=a1&env=staging"))).isEmpty();
    assertThat(names(list("?since=1d"))).containsExactly("s1", "a3", "a2");
    assertThat(names(list("?until=1d"))).containsExactly("a1");

    JsonNode first = list("?env=default&limit=2");
    assertThat(names(first)).containsExactly("a3", "a2");
    assertThat(first.at("/meta/total").asInt()).as("every match, not the page").isEqualTo(3);
    String cursor = first.at("/meta/next_cursor").asText();
    JsonNode second = list("?env=default&limit=2&cursor=" + cursor);
    assertThat(names(second)).containsExactly("a1");
    assertThat(second.at("/meta/total").asInt()).isEqualTo(3);
    assertThat(second.at("/meta/next_cursor").isMissingNode()).isTrue();

    assertError(get("/api/v1/agents?status=gone", bearer()), 400, "invalid_parameter", "status");
    assertError(get("/api/v1/agents?cursor=bm9wZQ", bearer()), 400, "invalid_parameter", "cursor");
    assertError(get("/api/v1/agents?since=yesterday", bearer()), 400, "invalid_parameter", "since");
    assertError(get("/api/v1/agents?limit=0", bearer()), 400, "invalid_parameter", "limit");
  }

  @Test
  void oneAgentShowsItsKeysMetadataButNoSecret() throws Exception {
    JsonNode created = createAgent("ci-bot", "default");
    String id = created.at("/agent/id").asText();
    String firstKey = created.at("/key/id").asText();
    HttpResponse<String> issued = post("/api/v1/agents/" + id + "/keys", bearer(), null);
    assertThat(issued.statusCode()).isEqualTo(201);
    JsonNode second = json.readTree(issued.body()).get("data");
    assertThat(second.get("secret").asText()).startsWith("alk_");
    assertThat(second.get("status").asText()).isEqualTo("active");
    assertThat(call("DELETE", "/api/v1/agents/" + id + "/keys/" + firstKey, bearer(), null).statusCode())
        .isEqualTo(200);

    HttpResponse<String> one = get("/api/v1/agents/" + id, bearer());
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    JsonNode agent = json.readTree(one.body()).get("data");
    assertThat(agent.get("name").asText()).isEqualTo("ci-bot");
    assertThat(agent.get("env").asText()).isEqualTo("default");
    assertThat(agent.get("keys")).hasSize(2);
    JsonNode revoked = agent.get("keys").get(0);
    assertThat(revoked.get("id").asText()).isEqualTo(firstKey);
    assertThat(revoked.get("kind").asText()).isEqualTo("agent");
    assertThat(revoked.get("status").asText()).isEqualTo("revoked");
    assertThat(Instant.parse(revoked.get("revoked_at").asText()))
        .isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    assertThat(Instant.parse(revoked.get("created_at").asText())).isBefore(Instant.now());
    assertThat(revoked.get("last_used_at").isNull()).isTrue();
    assertThat(revoked.get("expires_at").isNull()).isTrue();
    assertThat(agent.at("/keys/1/id").asText()).isEqualTo(second.get("id").asText());
    assertThat(agent.at("/keys/1/status").asText()).isEqualTo("active");
    assertThat(one.body()).doesNotContain(created.at("/key/secret").asText(), second.get("secret").asText())
        .doesNotContain("secret").doesNotContain("hash");

    HttpResponse<String> keys = get("/api/v1/agents/" + id + "/keys", bearer());
    assertThat(keys.statusCode()).isEqualTo(200);
    JsonNode keyList = json.readTree(keys.body());
    assertThat(keyList.at("/meta/total").asInt()).isEqualTo(2);
    assertThat(keyList.at("/data/1/status").asText()).isEqualTo("active");
    assertThat(keys.body()).doesNotContain("secret");

    assertError(get("/api/v1/agents/agt_000000000000000000000000", bearer()), 404, "not_found", null);
    assertError(get("/api/v1/agents/agt_000000000000000000000000/keys", bearer()), 404, "not_found", null);
    assertError(call("PUT", "/api/v1/agents/" + id + "/keys", bearer(), "{}"), 405, "method_not_allowed", null);
  }

  @Test
  void renameAppliesToTheDirectoryAtOnceAndFieldsAreChecked() throws Exception {
    JsonNode created = createAgent("ci-bot", "default");
    String id = created.at("/agent/id").asText();
    String secret = created.at("/key/secret").asText();
    createAgent("taken", "default");
    assertThat(authenticates("ci-bot", secret)).isTrue();

    HttpResponse<String> renamed = call("PATCH", "/api/v1/agents/" + id, bearer(), "{\"name\":\"ci-bot-2\"}");
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(json.readTree(renamed.body()).at("/data/name").asText()).isEqualTo("ci-bot-2");
    assertThat(authenticates("ci-bot", secret)).as("the old name").isFalse();
    assertThat(directory.isKnownAgent("ci-bot")).isFalse();
    assertThat(authenticates("ci-bot-2", secret)).as("the new name").isTrue();

    HttpResponse<String> runtime = call("PATCH", "/api/v1/agents/" + id, bearer(),
        "{\"runtime_type\":\"langchain\",\"env\":\"default\"}");
    assertThat(runtime.statusCode()).as(runtime.body()).isEqualTo(200);
    assertThat(json.readTree(runtime.body()).at("/data/runtime_type").asText()).isEqualTo("langchain");
    assertThat(directory.authenticate("ci-bot-2", secret).get(5, TimeUnit.SECONDS))
        .hasValueSatisfying(a -> assertThat(a.runtimeType()).isEqualTo("langchain"));

    String path = "/api/v1/agents/" + id;
    assertError(call("PATCH", path, bearer(), "{\"runtime_type\":\"skynet\"}"), 422, "invalid_runtime_type",
        "runtime_type");
    assertError(call("PATCH", path, bearer(), "{\"name\":\"taken\"}"), 409, "conflict", null);
    assertError(call("PATCH", path, bearer(), "{\"name\":\"bad name\"}"), 422, "invalid_name", "name");
    assertError(call("PATCH", path, bearer(), "{\"env\":\"staging\"}"), 422, "immutable_field", "env");
    assertError(call("PATCH", path, bearer(), "{\"status\":\"suspended\"}"), 422, "unknown_field", "status");
    assertError(call("PATCH", path, bearer(), "{\"name\":5}"), 422, "invalid_field", "name");
    assertError(call("PATCH", "/api/v1/agents/agt_000000000000000000000000", bearer(), "{\"name\":\"x\"}"), 404,
        "not_found", null);
    assertError(call("PATCH", "/api/v1/agents", bearer(), "{}"), 405, "method_not_allowed", null);
    assertThat(json.readTree(get(path, bearer()).body()).at("/data/name").asText()).isEqualTo("ci-bot-2");
    assertThat(json.readTree(get(path, bearer()).body()).at("/data/env").asText()).isEqualTo("default");
  }

  @Test
  void createChecksRuntimeTypeAndNameInItsEnvironment() throws Exception {
    createAgent("ci-bot", "default");
    assertError(post("/api/v1/agents", bearer(), "{\"name\":\"x\",\"runtime_type\":\"skynet\"}"), 422,
        "invalid_runtime_type", "runtime_type");
    assertError(post("/api/v1/agents", bearer(), "{\"name\":\"ci-bot\",\"env\":\"default\"}"), 409, "conflict", null);
    // The same name in another environment is another agent.
    assertThat(createAgent("ci-bot", "staging").at("/agent/env").asText()).isEqualTo("staging");
  }

  @Test
  void deleteRemovesTheAgentAndItsKeysButKeepsItsTraces() throws Exception {
    JsonNode created = createAgent("ci-bot", "default");
    String id = created.at("/agent/id").asText();
    String secret = created.at("/key/secret").asText();
    post("/api/v1/agents/" + id + "/keys", bearer(), null);
    store.traces().insert(List.of(trace("default", "ci-bot", "slack", "ALLOW", Instant.now())));
    assertThat(authenticates("ci-bot", secret)).isTrue();

    HttpResponse<String> deleted = call("DELETE", "/api/v1/agents/" + id, bearer(), null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    JsonNode data = json.readTree(deleted.body()).get("data");
    assertThat(data.get("deleted").asBoolean()).isTrue();
    assertThat(data.get("keys_deleted").asInt()).isEqualTo(2);
    assertThat(authenticates("ci-bot", secret)).isFalse();
    assertThat(directory.isKnownAgent("ci-bot")).isFalse();
    assertThat(count("SELECT count(*) FROM agent_keys WHERE agent_id = '" + id + "'")).isZero();

    assertError(get("/api/v1/agents/" + id, bearer()), 404, "not_found", null);
    assertError(call("DELETE", "/api/v1/agents/" + id, bearer(), null), 404, "not_found", null);
    JsonNode traces = json.readTree(get("/api/v1/traces?agent=ci-bot", bearer()).body());
    assertThat(traces.get("data")).hasSize(1);
  }

  @Test
  void rotateMintsANewKeyAndRevokesTheOldAtOnceOrAfterItsGracePeriod() throws Exception {
    JsonNode created = createAgent("ci-bot", "default");
    String id = created.at("/agent/id").asText();
    String oldId = created.at("/key/id").asText();
    String oldSecret = created.at("/key/secret").asText();

    HttpResponse<String> rotated = post("/api/v1/agents/" + id + "/keys/" + oldId + "/rotate", bearer(), null);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
    JsonNode data = json.readTree(rotated.body()).get("data");
    assertThat(data.at("/old_key/id").asText()).isEqualTo(oldId);
    assertThat(data.at("/old_key/status").asText()).isEqualTo("revoked");
    assertThat(data.at("/old_key/secret").isMissingNode()).isTrue();
    String newId = data.at("/new_key/id").asText();
    String newSecret = data.at("/new_key/secret").asText();
    assertThat(newId).startsWith("key_").isNotEqualTo(oldId);
    assertThat(newSecret).startsWith("alk_");
    assertThat(authenticates("ci-bot", oldSecret)).as("the old key").isFalse();
    assertThat(authenticates("ci-bot", newSecret)).as("the new key").isTrue();
    assertError(post("/api/v1/agents/" + id + "/keys/" + oldId + "/rotate", bearer(), null), 409, "conflict", null);

    HttpResponse<String> graced = post("/api/v1/agents/" + id + "/keys/" + newId + "/rotate", bearer(),
        "{\"grace_seconds\":600}");
    assertThat(graced.statusCode()).as(graced.body()).isEqualTo(201);
    JsonNode grace = json.readTree(graced.body()).get("data");
    assertThat(grace.at("/old_key/status").asText()).isEqualTo("active");
    assertThat(grace.at("/old_key/revoked_at").isNull()).isTrue();
    assertThat(Instant.parse(grace.at("/old_key/expires_at").asText()))
        .isCloseTo(Instant.now().plus(Duration.ofSeconds(600)), within(1, ChronoUnit.MINUTES));
    String newest = grace.at("/new_key/secret").asText();
    assertThat(authenticates("ci-bot", newSecret)).as("the old key in its grace period").isTrue();
    assertThat(authenticates("ci-bot", newest)).isTrue();
    // A grace period about to end (the refresh stands in for the notification of this edit): the
    // key then stops working by itself, with no further change to announce.
    sql("UPDATE agent_keys SET expires_at = now() + interval '300 milliseconds' WHERE id = '" + newId + "'");
    directory.refresh(List.of(id));
    Poll.until(Duration.ofSeconds(5), "the end of the grace period", () -> !authenticatesQuietly("ci-bot", newSecret));
    assertThat(authenticates("ci-bot", newest)).isTrue();
    assertThat(json.readTree(get("/api/v1/agents/" + id + "/keys", bearer()).body()).at("/data/1/status").asText())
        .isEqualTo("expired");

    String newestId = grace.at("/new_key/id").asText();
    String rotate = "/api/v1/agents/" + id + "/keys/" + newestId + "/rotate";
    assertError(post(rotate, bearer(), "{\"grace_seconds\":-1}"), 422, "invalid_grace", "grace_seconds");
    assertError(post(rotate, bearer(), "{\"grace_seconds\":604801}"), 422, "invalid_grace", "grace_seconds");
    assertError(post(rotate, bearer(), "{\"grace_seconds\":\"60s\"}"), 422, "invalid_field", "grace_seconds");
    assertError(post(rotate, bearer(), "{\"grace\":60}"), 422, "unknown_field", "grace");
    assertError(post("/api/v1/agents/" + id + "/keys/key_nope/rotate", bearer(), null), 404, "not_found", null);
    String otherAgent = createAgent("other", "default").at("/agent/id").asText();
    assertError(post("/api/v1/agents/" + otherAgent + "/keys/" + newestId + "/rotate", bearer(), null), 404,
        "not_found", null);
    assertError(get(rotate, bearer()), 405, "method_not_allowed", null);
    assertThat(authenticates("ci-bot", newest)).as("failed rotations change nothing").isTrue();
  }

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

  private JsonNode createAgent(String name, String env) throws Exception {
    HttpResponse<String> r = post("/api/v1/agents", bearer(), "{\"name\":\"" + name + "\",\"env\":\"" + env + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json.readTree(r.body()).get("data");
  }

  private JsonNode list(String query) throws Exception {
    HttpResponse<String> r = get("/api/v1/agents" + query, bearer());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.get("data").forEach(a -> names.add(a.get("name").asText()));
    return names;
  }

  private static String requestId(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return r.headers().firstValue("X-Request-Id").orElseThrow();
  }

  /** An admin token limited to one environment. */
  static String scopedToken(String role, String env) {
    var issued = store.adminTokens().create(role, "scoped");
    sql("UPDATE admin_tokens SET env = '" + env + "' WHERE id = '" + issued.id() + "'");
    return issued.secret();
  }

  private static boolean authenticates(String agent, String key) throws Exception {
    return directory.authenticate(agent, key).get(5, TimeUnit.SECONDS).isPresent();
  }

  private static boolean authenticatesQuietly(String agent, String key) {
    try {
      return authenticates(agent, key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void sql(String statement) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String query) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
