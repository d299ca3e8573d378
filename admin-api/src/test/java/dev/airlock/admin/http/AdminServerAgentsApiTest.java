package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agents API beyond creation: lists with filters and pages, one agent with its keys, rename,
 * delete and key rotation. Changes must reach this node's agent directory before the answer.
 */
class AdminServerAgentsApiTest extends AgentsApiTestBase {
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
}
