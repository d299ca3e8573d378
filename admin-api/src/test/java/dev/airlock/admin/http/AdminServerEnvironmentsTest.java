package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import dev.airlock.proxy.trace.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changing and deleting environments, and what an environment-scoped key sees of them and of traces. */
class AdminServerEnvironmentsTest extends AdminServerTestBase {
  private static final String POLICY =
      "{\"name\":\"%s\",\"env_names\":%s,\"rules\":[{\"id\":\"r1\",\"action\":\"DENY\"}]}";

  @Test
  void createRejectsBadSlugsDuplicatesAndBlankNames() throws Exception {
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"Staging\"}"), 422, "invalid_slug", "slug");
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"s\"}"), 422, "invalid_slug", "slug");
    assertError(post("/api/v1/environments", bearer(), "{\"name\":\"no slug\"}"), 422, "invalid_slug", "slug");
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"default\"}"), 409, "conflict", null);
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"qa\",\"name\":\" \"}"), 422, "invalid_field",
        "name");
    assertThat(auditTotal()).isZero();
  }

  @Test
  void patchChangesOnlyTheGivenFieldsRebuildsTheEngineAndIsAudited() throws Exception {
    createEnv("{\"slug\":\"staging\",\"name\":\"Staging\",\"description\":\"pre-prod\"}");
    JsonNode before = data(get("/api/v1/environments/staging", bearer()));
    int changesBefore = changes.get();

    HttpResponse<String> r = call("PATCH", "/api/v1/environments/staging", bearer(),
        "{\"name\":\"Staging EU\",\"enforcement_mode\":\"monitor\",\"default_action\":\"deny\","
            + "\"approval_hold_seconds\":40,\"scrutiny_multiplier\":1.5,\"slug\":\"staging\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode after = data(r);
    assertThat(after.get("slug").asText()).isEqualTo("staging");
    assertThat(after.get("name").asText()).isEqualTo("Staging EU");
    assertThat(after.get("description").asText()).isEqualTo("pre-prod");
    assertThat(after.get("is_production").asBoolean()).isFalse();
    assertThat(after.get("enforcement_mode").asText()).isEqualTo("monitor");
    assertThat(after.get("default_action").asText()).isEqualTo("DENY");
    assertThat(after.get("approval_hold_seconds").asInt()).isEqualTo(40);
    assertThat(after.get("scrutiny_multiplier").asDouble()).isEqualTo(1.5);
    assertThat(after.get("created_at")).isEqualTo(before.get("created_at"));
    assertThat(Instant.parse(after.get("updated_at").asText()))
        .isAfter(Instant.parse(before.get("updated_at").asText()));
    assertThat(data(get("/api/v1/environments/staging", bearer()))).isEqualTo(after);
    assertThat(changes.get()).isEqualTo(changesBefore + 1);

    JsonNode event = lastAuditEvent();
    assertThat(event.get("action").asText()).isEqualTo("environment.update");
    assertThat(event.get("target_id").asText()).isEqualTo("staging");
    assertThat(event.get("env").asText()).isEqualTo("staging");
    assertThat(event.get("actor_key_id").asText()).isEqualTo(ownerKeyId());
    assertThat(event.get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(event.at("/before/name").asText()).isEqualTo("Staging");
    assertThat(event.at("/after/name").asText()).isEqualTo("Staging EU");
    assertThat(event.at("/before/enforcement_mode").asText()).isEqualTo("enforce");
    assertThat(event.at("/after/enforcement_mode").asText()).isEqualTo("monitor");
  }

  @Test
  void patchIsValidatedLikeCreateAndAFailedPatchChangesNothing() throws Exception {
    createEnv("{\"slug\":\"staging\"}");
    JsonNode stored = data(get("/api/v1/environments/staging", bearer()));
    long audited = auditTotal();
    String path = "/api/v1/environments/staging";

    assertError(call("PATCH", path, bearer(), "{\"enforcement_mode\":\"loud\"}"), 422, "invalid_enforcement_mode",
        "enforcement_mode");
    assertError(call("PATCH", path, bearer(), "{\"default_action\":\"MAYBE\"}"), 422, "invalid_default_action",
        "default_action");
    assertError(call("PATCH", path, bearer(), "{\"approval_hold_seconds\":-1}"), 422, "invalid_field",
        "approval_hold_seconds");
    assertError(call("PATCH", path, bearer(), "{\"approval_hold_seconds\":1.5}"), 422, "invalid_field",
        "approval_hold_seconds");
    assertError(call("PATCH", path, bearer(), "{\"scrutiny_multiplier\":0}"), 422, "invalid_field",
        "scrutiny_multiplier");
    assertError(call("PATCH", path, bearer(), "{\"name\":\"\"}"), 422, "invalid_field", "name");
    assertError(call("PATCH", path, bearer(), "{\"is_production\":\"yes\"}"), 422, "invalid_field", "is_production");
    assertError(call("PATCH", path, bearer(), "{\"is_prod\":true}"), 422, "unknown_field", "is_prod");
    assertError(call("PATCH", path, bearer(), "{\"slug\":\"renamed\"}"), 422, "immutable_field", "slug");
    assertError(call("PATCH", path, bearer(), "{}"), 422, "empty_update", null);
    assertError(call("PATCH", path, bearer(), "{\"name\":"), 400, "invalid_json", null);
    assertError(call("PATCH", "/api/v1/environments/nope", bearer(), "{\"name\":\"x\"}"), 404, "not_found", null);

    assertThat(data(get("/api/v1/environments/staging", bearer()))).isEqualTo(stored);
    assertThat(auditTotal()).isEqualTo(audited);
  }

  @Test
  void removingProductionStatusNeedsTheOwnerRole() throws Exception {
    createEnv("{\"slug\":\"production\",\"is_production\":true}");
    createEnv("{\"slug\":\"staging\"}");
    String admin = "Bearer " + createKey("admin", null);
    long audited = auditTotal();

    assertError(call("PATCH", "/api/v1/environments/production", admin, "{\"is_production\":false}"), 403,
        "forbidden", null);
    assertThat(data(get("/api/v1/environments/production", bearer())).get("is_production").asBoolean()).isTrue();
    assertThat(auditTotal()).isEqualTo(audited);

    // An admin may change everything else, and mark an environment production.
    assertThat(call("PATCH", "/api/v1/environments/production", admin, "{\"name\":\"Prod\"}").statusCode())
        .isEqualTo(200);
    assertThat(call("PATCH", "/api/v1/environments/staging", admin, "{\"is_production\":true}").statusCode())
        .isEqualTo(200);

    HttpResponse<String> owner = call("PATCH", "/api/v1/environments/production", bearer(),
        "{\"is_production\":false}");
    assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
    assertThat(data(owner).get("is_production").asBoolean()).isFalse();
    JsonNode event = lastAuditEvent();
    assertThat(event.get("action").asText()).isEqualTo("environment.update");
    assertThat(event.get("actor_role").asText()).isEqualTo("owner");
    assertThat(event.get("actor_key_id").asText()).isEqualTo(ownerKeyId());
    assertThat(event.at("/before/is_production").asBoolean()).isTrue();
    assertThat(event.at("/after/is_production").asBoolean()).isFalse();
  }

  @Test
  void theLastEnvironmentCannotBeDeleted() throws Exception {
    assertError(call("DELETE", "/api/v1/environments/default", bearer(), null), 409, "last_environment", null);
    assertThat(get("/api/v1/environments/default", bearer()).statusCode()).isEqualTo(200);
    assertError(call("DELETE", "/api/v1/environments/nope", bearer(), null), 404, "not_found", null);
  }

  @Test
  void aProductionEnvironmentCannotBeDeletedUntilTheOwnerRemovesTheFlag() throws Exception {
    createEnv("{\"slug\":\"production\",\"is_production\":true}");
    assertError(call("DELETE", "/api/v1/environments/production", bearer(), null), 409, "production_environment",
        null);
    assertThat(get("/api/v1/environments/production", bearer()).statusCode()).isEqualTo(200);

    call("PATCH", "/api/v1/environments/production", bearer(), "{\"is_production\":false}");
    assertThat(call("DELETE", "/api/v1/environments/production", bearer(), null).statusCode()).isEqualTo(200);
  }

  @Test
  void anEnvironmentWithActiveAgentsCannotBeDeleted() throws Exception {
    createEnv("{\"slug\":\"staging\"}");
    String agentId = createAgent("ci-bot", "staging");
    long audited = auditTotal();

    HttpResponse<String> r = call("DELETE", "/api/v1/environments/staging", bearer(), null);

    assertError(r, 409, "environment_has_agents", null);
    assertThat(json.readTree(r.body()).at("/error/message").asText()).contains("ci-bot");
    assertThat(get("/api/v1/environments/staging", bearer()).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/agents/" + agentId, bearer()).statusCode()).isEqualTo(200);
    assertThat(auditTotal()).isEqualTo(audited);
  }

  @Test
  void deletingRemovesSuspendedAgentsOwnPoliciesAndScopedKeysButKeepsTracesAndAudit() throws Exception {
    createEnv("{\"slug\":\"staging\"}");
    String agentId = createAgent("old-bot", "staging");
    assertThat(post("/api/v1/agents/" + agentId + "/suspend", bearer(), "").statusCode()).isEqualTo(200);
    assertThat(directory.isKnownAgent("old-bot")).isTrue();
    assertThat(post("/api/v1/policies", bearer(), POLICY.formatted("only-staging", "[\"staging\"]")).statusCode())
        .isEqualTo(201);
    assertThat(post("/api/v1/policies", bearer(), POLICY.formatted("shared", "[\"staging\",\"default\"]"))
        .statusCode()).isEqualTo(201);
    JsonNode scoped = data(post("/api/v1/api-keys", bearer(), "{\"name\":\"ci\",\"role\":\"admin\",\"env\":\"staging\"}"));
    String scopedAuth = "Bearer " + scoped.get("secret").asText();
    assertThat(get("/api/v1/environments/staging", scopedAuth).statusCode()).isEqualTo(200);
    store.traces().insert(List.of(trace("staging", "old-bot", "slack", "DENY", Instant.now())));
    int changesBefore = changes.get();

    HttpResponse<String> r = call("DELETE", "/api/v1/environments/staging", bearer(), null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode deleted = data(r);
    assertThat(deleted.get("slug").asText()).isEqualTo("staging");
    assertThat(deleted.at("/deleted_with/agents").toString()).isEqualTo("[\"" + agentId + "\"]");
    assertThat(deleted.at("/deleted_with/policies").toString()).isEqualTo("[\"only-staging\"]");
    assertThat(deleted.at("/deleted_with/api_keys").toString()).isEqualTo("[\"" + scoped.get("id").asText() + "\"]");
    assertError(get("/api/v1/environments/staging", bearer()), 404, "not_found", null);
    assertThat(changes.get()).isEqualTo(changesBefore + 1);

    // Agents with their keys, and the scoped admin key, are gone; on this node at once.
    assertThat(get("/api/v1/agents/" + agentId, bearer()).statusCode()).isEqualTo(404);
    assertThat(count("SELECT count(*) FROM agent_keys")).isZero();
    assertThat(directory.isKnownAgent("old-bot")).isFalse();
    assertThat(count("SELECT count(*) FROM admin_tokens WHERE env IS NOT NULL")).isZero();
    assertError(get("/api/v1/environments", scopedAuth), 401, "unauthorized", null);
    // The single-environment policy is deleted (its versions kept); the shared one still applies.
    assertThat(count("SELECT count(*) FROM policies WHERE name = 'only-staging' AND deleted_at IS NOT NULL"
        + " AND NOT is_current")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM policies WHERE name = 'shared' AND is_current AND deleted_at IS NULL"))
        .isEqualTo(1);
    JsonNode defaultPolicies = json.readTree(get("/api/v1/policies?env=default", bearer()).body());
    assertThat(defaultPolicies.at("/data/0/name").asText()).isEqualTo("shared");
    // Traces and the audit trail stay.
    assertThat(count("SELECT count(*) FROM traces WHERE env = 'staging'")).isEqualTo(1);
    JsonNode audit = json.readTree(get("/api/v1/audit?env=staging", bearer()).body());
    List<String> actions = new ArrayList<>();
    audit.get("data").forEach(e -> actions.add(e.get("action").asText()));
    assertThat(actions.get(0)).isEqualTo("environment.delete");
    assertThat(actions).contains("api_key.create", "environment.create");
    JsonNode event = audit.at("/data/0");
    assertThat(event.get("actor_key_id").asText()).isEqualTo(ownerKeyId());
    assertThat(event.get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(event.at("/before/slug").asText()).isEqualTo("staging");
    assertThat(event.at("/before/deleted_with/api_keys/0").asText()).isEqualTo(scoped.get("id").asText());
    assertThat(event.get("after").isNull()).isTrue();
    assertThat(json.readTree(get("/api/v1/audit/verify", bearer()).body()).at("/data/ok").asBoolean()).isTrue();
  }

  @Test
  void anEnvironmentScopedKeySeesOnlyItsOwnEnvironmentAndCannotManageEnvironments() throws Exception {
    createEnv("{\"slug\":\"staging\"}");
    String scoped = "Bearer " + createKey("admin", "staging");

    JsonNode list = json.readTree(get("/api/v1/environments", scoped).body());
    assertThat(list.get("data")).hasSize(1);
    assertThat(list.at("/data/0/slug").asText()).isEqualTo("staging");
    assertThat(list.at("/meta/total").asInt()).isEqualTo(1);
    assertThat(get("/api/v1/environments/staging", scoped).statusCode()).isEqualTo(200);
    assertError(get("/api/v1/environments/default", scoped), 404, "not_found", null);
    assertError(get("/api/v1/environments?env=default", scoped), 404, "not_found", null);

    assertError(post("/api/v1/environments", scoped, "{\"slug\":\"qa\"}"), 403, "forbidden", null);
    assertError(call("PATCH", "/api/v1/environments/staging", scoped, "{\"name\":\"x\"}"), 403, "forbidden", null);
    assertError(call("PATCH", "/api/v1/environments/default", scoped, "{\"name\":\"x\"}"), 403, "forbidden", null);
    assertError(call("DELETE", "/api/v1/environments/default", scoped, null), 403, "forbidden", null);
    assertThat(data(get("/api/v1/environments/staging", bearer())).get("name").asText()).isEqualTo("staging");
    assertThat(get("/api/v1/environments/default", bearer()).statusCode()).isEqualTo(200);
  }

  @Test
  void anEnvironmentScopedKeyListsOnlyItsEnvironmentsTraces() throws Exception {
    createEnv("{\"slug\":\"staging\"}");
    Instant now = Instant.now();
    store.traces().insert(List.of(trace("staging", "a", "slack", "ALLOW", now.minusSeconds(2)),
        trace("default", "b", "slack", "DENY", now.minusSeconds(1))));
    String scoped = "Bearer " + createKey("auditor", "staging");

    JsonNode own = json.readTree(get("/api/v1/traces", scoped).body());
    assertThat(own.get("data")).hasSize(1);
    assertThat(own.at("/data/0/env").asText()).isEqualTo("staging");
    assertThat(json.readTree(get("/api/v1/traces?env=staging", scoped).body()).get("data")).hasSize(1);
    assertError(get("/api/v1/traces?env=default", scoped), 404, "not_found", null);
    assertThat(json.readTree(get("/api/v1/traces", bearer()).body()).get("data")).hasSize(2);
  }

  @Test
  void anEnvironmentScopedKeyReadsOnlyItsEnvironmentsTracesById() throws Exception {
    createEnv("{\"slug\":\"staging\"}");
    Instant now = Instant.now();
    Trace own = trace("staging", "a", "slack", "ALLOW", now.minusSeconds(2));
    Trace other = trace("default", "b", "slack", "DENY", now.minusSeconds(1));
    store.traces().insert(List.of(own, other));
    String scoped = "Bearer " + createKey("auditor", "staging");

    assertThat(data(get("/api/v1/traces/" + own.id(), scoped)).get("agent").asText()).isEqualTo("a");
    assertError(get("/api/v1/traces/" + other.id(), scoped), 404, "not_found", null);
    assertThat(data(get("/api/v1/traces/" + other.id(), bearer())).get("agent").asText()).isEqualTo("b");
  }

  @Test
  void anAuditorCannotChangeEnvironments() throws Exception {
    createEnv("{\"slug\":\"staging\"}");
    String auditor = "Bearer " + createKey("auditor", null);
    assertThat(get("/api/v1/environments/staging", auditor).statusCode()).isEqualTo(200);
    assertError(post("/api/v1/environments", auditor, "{\"slug\":\"qa\"}"), 403, "forbidden", null);
    assertError(call("PATCH", "/api/v1/environments/staging", auditor, "{\"name\":\"x\"}"), 403, "forbidden", null);
    assertError(call("DELETE", "/api/v1/environments/staging", auditor, null), 403, "forbidden", null);
    assertThat(get("/api/v1/environments/staging", bearer()).statusCode()).isEqualTo(200);
  }

  @Test
  void listPagesInSlugOrderFiltersByCreationTimeAndCountsEveryMatch() throws Exception {
    for (String slug : new String[] {"qa", "alpha", "staging", "beta"}) {
      createEnv("{\"slug\":\"" + slug + "\"}");
    }
    execute("UPDATE environments SET created_at = '2020-01-01T00:00:00Z' WHERE slug IN ('alpha', 'beta')");

    List<String> slugs = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = json.readTree(get("/api/v1/environments?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
          bearer()).body());
      assertThat(page.at("/meta/total").asInt()).isEqualTo(5);
      assertThat(page.get("data").size()).isLessThanOrEqualTo(2);
      page.get("data").forEach(e -> slugs.add(e.get("slug").asText()));
      cursor = page.at("/meta/next_cursor").isMissingNode() ? null : page.at("/meta/next_cursor").asText();
    } while (cursor != null);
    assertThat(slugs).containsExactly("alpha", "beta", "default", "qa", "staging");

    String until = URLEncoder.encode("2020-01-02T00:00:00Z", StandardCharsets.UTF_8);
    JsonNode old = json.readTree(get("/api/v1/environments?until=" + until, bearer()).body());
    assertThat(old.at("/meta/total").asInt()).isEqualTo(2);
    JsonNode recent = json.readTree(get("/api/v1/environments?since=1h&limit=1", bearer()).body());
    assertThat(recent.at("/meta/total").asInt()).isEqualTo(3);
    assertThat(recent.get("data")).hasSize(1);
    assertError(get("/api/v1/environments?cursor=!!", bearer()), 400, "invalid_parameter", "cursor");
    assertError(get("/api/v1/environments?limit=0", bearer()), 400, "invalid_parameter", "limit");
    assertError(get("/api/v1/environments?since=soon", bearer()), 400, "invalid_parameter", "since");
  }

  private void createEnv(String body) throws Exception {
    HttpResponse<String> r = post("/api/v1/environments", bearer(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** A new agent's id, created through the API (which also loads it into this node's directory). */
  private String createAgent(String name, String env) throws Exception {
    HttpResponse<String> r = post("/api/v1/agents", bearer(), "{\"name\":\"" + name + "\",\"env\":\"" + env + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return data(r).at("/agent/id").asText();
  }

  /** A new admin key's secret, created through the API by the owner. */
  private String createKey(String role, String env) throws Exception {
    HttpResponse<String> r = post("/api/v1/api-keys", bearer(), "{\"name\":\"" + role + "-key\",\"role\":\"" + role
        + "\"" + (env == null ? "" : ",\"env\":\"" + env + "\"") + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return data(r).get("secret").asText();
  }

  private String ownerKeyId() {
    return store.adminTokens().principalOf(token).orElseThrow().keyId();
  }

  private JsonNode lastAuditEvent() throws Exception {
    return json.readTree(get("/api/v1/audit?limit=1", bearer()).body()).at("/data/0");
  }

  private long auditTotal() throws Exception {
    return json.readTree(get("/api/v1/audit", bearer()).body()).at("/meta/total").asLong();
  }

  private static JsonNode data(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body()).get("data");
  }

  private static long count(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
