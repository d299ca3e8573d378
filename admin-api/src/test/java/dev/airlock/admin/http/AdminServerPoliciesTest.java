package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Environment;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policy history through the API: versions, diffs, rollback, promotion, and who may do what. */
class AdminServerPoliciesTest extends AdminServerTestBase {
  @BeforeEach
  void environments() {
    store.environments().create(Environment.of("dev", "Dev"));
    store.environments().create(Environment.of("staging", "Staging"));
  }

  static String doc(String name, String envNames, String... rules) {
    String names = envNames == null ? "" : ",\"env_names\":" + envNames;
    return "{\"name\":\"" + name + "\"" + names + ",\"rules\":[" + String.join(",", rules) + "]}";
  }

  static String rule(String id, String tool, String action) {
    return "{\"id\":\"" + id + "\",\"match\":{\"tool_name\":\"" + tool + "\"},\"action\":\"" + action + "\"}";
  }

  private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return json.readTree(r.body());
  }

  private JsonNode apply(String env, String document) throws Exception {
    return ok(post("/api/v1/policies" + (env == null ? "" : "?env=" + env), bearer(), document), 201).get("data");
  }

  private List<String> auditActions() throws Exception {
    List<String> actions = new ArrayList<>();
    ok(get("/api/v1/audit?limit=1000", bearer()), 200).get("data").forEach(e -> actions.add(e.get("action").asText()));
    return actions;
  }

  /** A key limited to {@code env} with {@code role}. */
  private String scopedKey(String role, String env) throws Exception {
    var key = store.adminTokens().create(role, "scoped");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE admin_tokens SET env = ? WHERE id = ?")) {
      ps.setString(1, env);
      ps.setString(2, key.id());
      ps.executeUpdate();
    }
    return "Bearer " + key.secret();
  }

  @Test
  void versionsAreListedNewestFirstAndPagedWithTheirTotal() throws Exception {
    apply("dev", doc("p", null, rule("a", "slack", "ALLOW")));
    apply("dev", doc("p", null, rule("a", "slack", "DENY")));
    apply("dev", doc("p", null, rule("a", "slack", "DENY"), rule("b", "jira", "ALLOW")));

    JsonNode all = ok(get("/api/v1/policies/p/versions", bearer()), 200);
    assertThat(all.at("/meta/total").asInt()).isEqualTo(3);
    assertThat(all.get("data")).extracting(v -> v.get("version").asInt()).containsExactly(3, 2, 1);
    assertThat(all.get("data")).extracting(v -> v.get("current").asBoolean()).containsExactly(true, false, false);
    assertThat(all.get("data").get(0).has("document")).isFalse();

    JsonNode first = ok(get("/api/v1/policies/p/versions?limit=2", bearer()), 200);
    assertThat(first.get("data")).hasSize(2);
    assertThat(first.at("/meta/total").asInt()).isEqualTo(3);
    String cursor = first.at("/meta/next_cursor").asText();
    JsonNode second = ok(get("/api/v1/policies/p/versions?limit=2&cursor=" + cursor, bearer()), 200);
    assertThat(second.get("data")).extracting(v -> v.get("version").asInt()).containsExactly(1);
    assertThat(second.at("/meta/next_cursor").isMissingNode()).isTrue();

    JsonNode v2 = ok(get("/api/v1/policies/p/versions/2", bearer()), 200).get("data");
    assertThat(v2.at("/document/rules/0/action").asText()).isEqualTo("DENY");
    assertThat(v2.get("current").asBoolean()).isFalse();

    assertError(get("/api/v1/policies/p/versions/9", bearer()), 404, "not_found", null);
    assertError(get("/api/v1/policies/p/versions/x", bearer()), 400, "invalid_parameter", "version");
    assertError(get("/api/v1/policies/nope/versions", bearer()), 404, "not_found", null);
    assertError(get("/api/v1/policies/p/versions?env=staging", bearer()), 404, "not_found", null);
  }

  @Test
  void aNameInSeveralEnvironmentSetsIsChosenByEnvOrEnvNames() throws Exception {
    apply("dev", doc("p", null, rule("a", "slack", "ALLOW")));
    apply(null, doc("p", "[\"staging\",\"default\"]", rule("a", "slack", "DENY")));

    assertError(get("/api/v1/policies/p/versions", bearer()), 400, "ambiguous_policy", "env_names");
    JsonNode byEnv = ok(get("/api/v1/policies/p/versions?env=staging", bearer()), 200).get("data");
    assertThat(byEnv.get(0).get("env_names")).extracting(JsonNode::asText).containsExactly("default", "staging");
    JsonNode byNames = ok(get("/api/v1/policies/p/versions/1?env_names=staging,default", bearer()), 200);
    assertThat(byNames.at("/data/document/rules/0/action").asText()).isEqualTo("DENY");
    assertThat(ok(get("/api/v1/policies/p/versions/1?env_names=dev", bearer()), 200)
        .at("/data/document/rules/0/action").asText()).isEqualTo("ALLOW");
    assertError(get("/api/v1/policies/p/versions?env_names=staging", bearer()), 404, "not_found", null);
  }

  @Test
  void diffsNameTheRulesAddedRemovedAndChangedWithTheirFields() throws Exception {
    apply("dev", doc("p", null, rule("a", "slack", "ALLOW"), rule("gone", "jira", "DENY")));
    apply("dev", doc("p", null, rule("a", "github", "DENY"), rule("new", "notion", "ALLOW")));

    JsonNode diff = ok(get("/api/v1/policies/p/diff", bearer()), 200).get("data");
    assertThat(diff.get("from_version").asInt()).isEqualTo(1);
    assertThat(diff.get("to_version").asInt()).isEqualTo(2);
    assertThat(diff.get("changed").asBoolean()).isTrue();
    assertThat(diff.at("/rules/added/0/id").asText()).isEqualTo("new");
    assertThat(diff.at("/rules/removed/0/id").asText()).isEqualTo("gone");
    JsonNode changed = diff.at("/rules/changed/0");
    assertThat(changed.get("id").asText()).isEqualTo("a");
    assertThat(changed.get("fields")).extracting(f -> f.get("field").asText() + ": " + f.get("from") + " -> "
        + f.get("to")).containsExactly("action: \"ALLOW\" -> \"DENY\"", "match.tool_name: [\"slack\"] -> [\"github\"]");
    assertThat(diff.get("text").asText()).startsWith("--- p v1\n+++ p v2\n@@ ")
        .contains("-      \"action\": \"ALLOW\",\n").contains("+      \"action\": \"DENY\",\n");

    JsonNode reverse = ok(get("/api/v1/policies/p/diff?from=2&to=1", bearer()), 200).get("data");
    assertThat(reverse.at("/rules/added/0/id").asText()).isEqualTo("gone");
    assertError(get("/api/v1/policies/p/diff?from=7", bearer()), 404, "not_found", null);

    // A candidate (YAML here) against the version in force; nothing is stored.
    HttpResponse<String> candidate = call("POST", "/api/v1/policies/diff?env=dev", bearer(),
        "name: p\nrules:\n  - {id: a, match: {tool_name: github}, action: DENY}\n", "application/yaml");
    JsonNode c = ok(candidate, 200).get("data");
    assertThat(c.get("from_version").asInt()).isEqualTo(2);
    assertThat(c.get("to_version").isNull()).isTrue();
    assertThat(c.at("/rules/removed/0/id").asText()).isEqualTo("new");
    assertThat(c.at("/rules/unchanged").asInt()).isEqualTo(1);
    assertThat(c.get("production_envs")).isEmpty();
    JsonNode fresh = ok(post("/api/v1/policies/diff?env=dev", bearer(), doc("q", null, rule("x", "a", "DENY"))), 200);
    assertThat(fresh.at("/data/from_version").isNull()).isTrue();
    assertThat(fresh.at("/data/rules/added/0/id").asText()).isEqualTo("x");
    assertThat(fresh.at("/data/text").asText()).startsWith("--- /dev/null\n+++ q (candidate)\n@@ -0,0 +1,");
    assertThat(ok(get("/api/v1/policies/p/versions", bearer()), 200).at("/meta/total").asInt()).isEqualTo(2);
    assertError(post("/api/v1/policies/diff?env=dev", bearer(), "{\"name\":\"p\",\"rules\":[{\"id\":\"a\","
        + "\"action\":\"BLOK\"}]}"), 422, "invalid_policy", "rules[0].action");

    store.environments().create(new Environment("prod", "Prod", "", true,
        dev.airlock.proxy.policy.EnforcementMode.ENFORCE, dev.airlock.proxy.policy.Action.ALLOW, 25, 1.5, null, null));
    JsonNode everywhere = ok(post("/api/v1/policies/diff", bearer(), doc("q", "[\"*\"]", rule("x", "a", "DENY"))), 200);
    assertThat(everywhere.at("/data/production_envs")).extracting(JsonNode::asText).containsExactly("prod");
  }

  @Test
  void rollbackStoresANewVersionWithTheOldDocumentAndIsAudited() throws Exception {
    apply("dev", doc("p", null, rule("a", "slack", "ALLOW")));
    apply("dev", doc("p", null, rule("a", "slack", "DENY")));
    int reloads = changes.get();

    JsonNode dry = ok(post("/api/v1/policies/p/rollback", bearer(), "{\"to\":1,\"dry_run\":true}"), 200).get("data");
    assertThat(dry.get("dry_run").asBoolean()).isTrue();
    assertThat(dry.get("changed").asBoolean()).isTrue();
    assertThat(dry.at("/diff/rules/changed/0/fields/0/to").asText()).isEqualTo("ALLOW");
    assertThat(ok(get("/api/v1/policies/p/versions", bearer()), 200).at("/meta/total").asInt()).isEqualTo(2);

    HttpResponse<String> r = post("/api/v1/policies/p/rollback", bearer(), "{\"to\":1}");
    JsonNode done = ok(r, 201).get("data");
    assertThat(done.get("changed").asBoolean()).isTrue();
    assertThat(done.at("/policy/version").asInt()).isEqualTo(3);
    assertThat(done.at("/policy/current").asBoolean()).isTrue();
    assertThat(done.at("/policy/document/rules/0/action").asText()).isEqualTo("ALLOW");
    assertThat(changes.get()).isEqualTo(reloads + 1);

    JsonNode event = ok(get("/api/v1/audit?action=policy.rollback", bearer()), 200).at("/data/0");
    assertThat(event.get("target_id").asText()).isEqualTo("p@dev");
    assertThat(event.get("env").asText()).isEqualTo("dev");
    assertThat(event.get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(event.at("/before/version").asInt()).isEqualTo(2);
    assertThat(event.at("/after/version").asInt()).isEqualTo(3);
    assertThat(event.at("/after/rolled_back_to").asInt()).isEqualTo(1);

    // Rolling back to what is in force stores and records nothing.
    JsonNode again = ok(post("/api/v1/policies/p/rollback", bearer(), "{\"to\":1}"), 200).get("data");
    assertThat(again.get("changed").asBoolean()).isFalse();
    assertThat(again.at("/policy/version").asInt()).isEqualTo(3);
    assertThat(auditActions()).containsExactly("policy.rollback", "policy.apply", "policy.apply");

    assertError(post("/api/v1/policies/p/rollback", bearer(), "{\"to\":9}"), 404, "not_found", null);
    assertError(post("/api/v1/policies/p/rollback", bearer(), "{}"), 422, "invalid_field", "to");
    assertError(post("/api/v1/policies/p/rollback", bearer(), "{\"to\":1,\"force\":true}"), 422, "unknown_field",
        "force");
    assertError(post("/api/v1/policies/nope/rollback", bearer(), "{\"to\":1}"), 404, "not_found", null);
    assertError(get("/api/v1/policies/p/rollback", bearer()), 405, "method_not_allowed", null);
  }

  @Test
  void promoteCopiesThePolicyInForceToAnotherEnvironment() throws Exception {
    apply("dev", doc("p", null, rule("a", "slack", "DENY")));
    apply("staging", doc("p", null, rule("a", "slack", "ALLOW")));

    HttpResponse<String> r = post("/api/v1/policies/p/promote", bearer(), "{\"from\":\"dev\",\"to\":\"staging\"}");
    JsonNode done = ok(r, 201).get("data");
    assertThat(done.at("/policy/version").asInt()).isEqualTo(2);
    assertThat(done.at("/policy/env_names/0").asText()).isEqualTo("staging");
    assertThat(done.at("/policy/document/rules/0/action").asText()).isEqualTo("DENY");
    assertThat(done.at("/diff/rules/changed/0/fields/0/field").asText()).isEqualTo("action");
    assertThat(done.at("/diff/from_version").asInt()).isEqualTo(1);
    JsonNode inDev = ok(get("/api/v1/policies/p/versions?env=dev", bearer()), 200);
    assertThat(inDev.at("/meta/total").asInt()).isEqualTo(1);

    JsonNode event = ok(get("/api/v1/audit?action=policy.promote", bearer()), 200).at("/data/0");
    assertThat(event.get("target_id").asText()).isEqualTo("p@staging");
    assertThat(event.at("/after/promoted_from/env").asText()).isEqualTo("dev");
    assertThat(event.at("/after/promoted_from/version").asInt()).isEqualTo(1);
    assertThat(event.at("/before/document/rules/0/action").asText()).isEqualTo("ALLOW");

    assertThat(ok(post("/api/v1/policies/p/promote", bearer(), "{\"from\":\"dev\",\"to\":\"staging\"}"), 200)
        .at("/data/changed").asBoolean()).isFalse();
    // A first promotion creates the policy in the target.
    assertThat(ok(post("/api/v1/policies/p/promote", bearer(), "{\"from\":\"dev\",\"to\":\"default\"}"), 201)
        .at("/data/policy/version").asInt()).isEqualTo(1);

    assertError(post("/api/v1/policies/q/promote", bearer(), "{\"from\":\"dev\",\"to\":\"staging\"}"), 404,
        "not_found", null);
    assertError(post("/api/v1/policies/p/promote", bearer(), "{\"from\":\"dev\",\"to\":\"nowhere\"}"), 404,
        "not_found", null);
    assertError(post("/api/v1/policies/p/promote", bearer(), "{\"from\":\"dev\",\"to\":\"dev\"}"), 422,
        "invalid_field", "to");
    assertError(post("/api/v1/policies/p/promote", bearer(), "{\"to\":\"dev\"}"), 422, "invalid_field", "from");

    // A policy of that name for every environment already covers the target: the engine could not
    // tell the two apart, so the promotion is refused.
    apply(null, doc("all", "[\"*\"]", rule("a", "slack", "DENY")));
    apply(null, doc("both", "[\"dev\",\"staging\"]", rule("a", "slack", "DENY")));
    assertError(post("/api/v1/policies/all/promote", bearer(), "{\"from\":\"dev\",\"to\":\"staging\"}"), 409,
        "policy_overlap", "env_names");
    assertError(post("/api/v1/policies/both/promote", bearer(), "{\"from\":\"dev\",\"to\":\"staging\"}"), 409,
        "policy_overlap", "env_names");
  }

  @Test
  void listsCountEveryMatchAndPage() throws Exception {
    apply("dev", doc("a", null, rule("r", "slack", "DENY")));
    apply("dev", doc("b", null, rule("r", "slack", "DENY")));
    apply("staging", doc("c", null, rule("r", "slack", "DENY")));
    apply(null, doc("d", "[\"*\"]", rule("r", "slack", "DENY")));

    JsonNode page = ok(get("/api/v1/policies?env=dev&limit=2", bearer()), 200);
    assertThat(page.get("data")).extracting(p -> p.get("name").asText()).containsExactly("a", "b");
    assertThat(page.at("/meta/total").asInt()).isEqualTo(3);
    JsonNode rest = ok(get("/api/v1/policies?env=dev&limit=2&cursor=" + page.at("/meta/next_cursor").asText(),
        bearer()), 200);
    assertThat(rest.get("data")).extracting(p -> p.get("name").asText()).containsExactly("d");
    assertThat(rest.at("/meta/total").asInt()).isEqualTo(3);
    assertThat(ok(get("/api/v1/policies", bearer()), 200).at("/meta/total").asInt()).isEqualTo(4);
    assertError(get("/api/v1/policies?cursor=zzz", bearer()), 400, "invalid_parameter", "cursor");
  }

  @Test
  void applyAndDeleteAreAudited() throws Exception {
    JsonNode p = apply("dev", doc("p", null, rule("r", "slack", "DENY")));
    HttpResponse<String> deleted = call("DELETE", "/api/v1/policies/" + p.get("id").asText(), bearer(), null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(auditActions()).containsExactly("policy.delete", "policy.apply");
    JsonNode event = ok(get("/api/v1/audit?action=policy.delete", bearer()), 200).at("/data/0");
    assertThat(event.at("/before/id").asText()).isEqualTo(p.get("id").asText());
    assertThat(event.get("after").isNull()).isTrue();
  }

  @Test
  void aScopedKeySeesThePoliciesOfItsEnvironmentAndChangesOnlyThoseOfItAlone() throws Exception {
    JsonNode own = apply("dev", doc("own", null, rule("a", "slack", "ALLOW")));
    apply("dev", doc("own", null, rule("a", "slack", "DENY")));
    JsonNode other = apply("staging", doc("other", null, rule("a", "slack", "DENY")));
    apply(null, doc("everywhere", "[\"*\"]", rule("a", "slack", "DENY")));
    apply(null, doc("everywhere", "[\"*\"]", rule("a", "slack", "ALLOW")));
    String dev = scopedKey("admin", "dev");

    JsonNode list = ok(get("/api/v1/policies", dev), 200);
    assertThat(list.get("data")).extracting(p -> p.get("name").asText()).containsExactly("everywhere", "own");
    assertThat(list.at("/meta/total").asInt()).isEqualTo(2);
    assertError(get("/api/v1/policies?env=staging", dev), 404, "not_found", null);
    assertError(get("/api/v1/policies/" + other.get("id").asText(), dev), 404, "not_found", null);
    assertError(get("/api/v1/policies/other/versions", dev), 404, "not_found", null);
    assertError(get("/api/v1/policies/other/versions?env_names=staging", dev), 404, "not_found", null);
    assertThat(ok(get("/api/v1/policies/everywhere/versions", dev), 200).at("/meta/total").asInt()).isEqualTo(2);
    assertThat(ok(get("/api/v1/policies/own/diff", dev), 200).at("/data/to_version").asInt()).isEqualTo(2);

    // Changes: only to policies of dev alone.
    assertThat(ok(post("/api/v1/policies/own/rollback", dev, "{\"to\":1}"), 201).at("/data/policy/version").asInt())
        .isEqualTo(3);
    assertError(post("/api/v1/policies/everywhere/rollback", dev, "{\"to\":1}"), 403, "forbidden", null);
    assertError(post("/api/v1/policies/other/rollback?env_names=staging", dev, "{\"to\":1}"), 404, "not_found", null);
    assertError(post("/api/v1/policies/own/promote", dev, "{\"from\":\"dev\",\"to\":\"staging\"}"), 403,
        "forbidden", null);
    assertError(post("/api/v1/policies/other/promote", dev, "{\"from\":\"staging\",\"to\":\"dev\"}"), 404,
        "not_found", null);
    JsonNode applied = ok(post("/api/v1/policies", dev, doc("fresh", null, rule("a", "jira", "DENY"))), 201);
    assertThat(applied.at("/data/env_names")).extracting(JsonNode::asText).containsExactly("dev");
    assertError(post("/api/v1/policies", dev, doc("wide", "[\"*\"]", rule("a", "jira", "DENY"))), 403,
        "forbidden", null);
    assertError(post("/api/v1/policies?env=staging", dev, doc("x", null, rule("a", "jira", "DENY"))), 403,
        "forbidden", null);
    String everywhereId = list.get("data").get(0).get("id").asText();
    assertError(call("DELETE", "/api/v1/policies/" + everywhereId, dev, null), 403, "forbidden", null);
    assertError(call("DELETE", "/api/v1/policies/" + other.get("id").asText(), dev, null), 404, "not_found", null);
    assertThat(call("DELETE", "/api/v1/policies/" + own.get("id").asText(), dev, null).statusCode()).isEqualTo(200);
    assertThat(ok(get("/api/v1/audit?action=policy.delete", bearer()), 200).at("/data/0/actor_key_id").asText())
        .isNotEmpty();
  }

  @Test
  void auditorsReadDiffAndSimulateButChangeNothing() throws Exception {
    apply("dev", doc("p", null, rule("a", "slack", "ALLOW")));
    apply("dev", doc("p", null, rule("a", "slack", "DENY")));
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();

    assertThat(get("/api/v1/policies/p/versions", auditor).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/policies/p/diff", auditor).statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/policies/diff?env=dev", auditor, doc("p", null, rule("a", "x", "DENY"))).statusCode())
        .isEqualTo(200);
    HttpResponse<String> simulated = post("/api/v1/policies/simulate", auditor,
        "{\"env\":\"dev\",\"since\":\"1h\",\"document\":" + doc("p", null, rule("a", "x", "DENY")) + "}");
    assertThat(simulated.statusCode()).as(simulated.body()).isEqualTo(200);
    assertError(post("/api/v1/policies/p/rollback", auditor, "{\"to\":1}"), 403, "forbidden", null);
    assertError(post("/api/v1/policies/p/promote", auditor, "{\"from\":\"dev\",\"to\":\"staging\"}"), 403,
        "forbidden", null);
    assertThat(ok(get("/api/v1/policies/p/versions", bearer()), 200).at("/meta/total").asInt()).isEqualTo(2);
  }
}
