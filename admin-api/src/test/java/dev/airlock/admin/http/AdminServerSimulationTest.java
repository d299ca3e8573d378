package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.trace.Trace;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /policies/simulate} over traces whose outcome is worked out by hand.
 *
 * <p>Staging runs policy {@code base}: deny-secrets (data_class_any SECRETS → DENY, priority 10)
 * and body-words (slack, body_contains_any "password" → DENY, priority 20). The candidates replace
 * base with deny-secrets as SANITIZE and add jira-approval (jira WRITE → REQUIRE_APPROVAL).
 *
 * <pre>
 * trace        request                                     current            candidate
 * jira-1       jira create_issue WRITE, no body             ALLOW (default)    REQUIRE_APPROVAL
 * jira-2       same, newer                                  ALLOW (default)    REQUIRE_APPROVAL
 * jira-read    jira get_issue READ (recorded DENY by an     ALLOW              ALLOW
 *              older policy)
 * key-github   github WRITE with SECRETS.aws_access_key     DENY               SANITIZE
 * key-slack    slack WRITE with a body and SECRETS          DENY (rule 10 is   SANITIZE
 *                                                           before the body rule)
 * body-slack   slack WRITE with a body, nothing found       body-words may apply: not fully evaluated
 * auth         authentication failure                       decided before any policy: skipped
 * guard        PRIVATE_ADDRESS                              decided before any policy: skipped
 * other-env    dev trace; old: staging trace before since   not read
 * </pre>
 */
class AdminServerSimulationTest extends AdminServerTestBase {
  private static final String BASE = "{\"name\":\"base\",\"rules\":["
      + "{\"id\":\"deny-secrets\",\"condition\":{\"data_class_any\":[\"SECRETS\"]},\"action\":\"DENY\","
      + "\"priority\":10},{\"id\":\"body-words\",\"match\":{\"tool_name\":\"slack\"},"
      + "\"condition\":{\"body_contains_any\":[\"password\"]},\"action\":\"DENY\",\"priority\":20}]}";
  private static final String BASE_SANITIZING = BASE.replaceFirst("\"DENY\"", "\"SANITIZE\"");
  private static final String JIRA_APPROVAL = "{\"name\":\"jira-approval\",\"rules\":[{\"id\":\"jira-writes\","
      + "\"match\":{\"tool_name\":\"jira\",\"verb\":\"WRITE\"},\"action\":\"REQUIRE_APPROVAL\",\"priority\":50}]}";

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private int minutesAgo = 50;

  @BeforeEach
  void staging() throws Exception {
    store.environments().create(Environment.of("staging", "Staging"));
    store.environments().create(Environment.of("dev", "Dev"));
    assertThat(post("/api/v1/policies?env=staging", bearer(), BASE).statusCode()).isEqualTo(201);
  }

  /** A trace in staging, each one a minute newer than the one before. */
  private Trace trace(String id, String tool, String operation, String verb, String decision, String ruleRef,
      List<String> reasons, List<String> dataClasses, long bytesIn) {
    return trace(id, "staging", now.minus(minutesAgo--, ChronoUnit.MINUTES), tool, operation, verb, decision,
        ruleRef, reasons, dataClasses, bytesIn);
  }

  private static Trace trace(String id, String env, Instant time, String tool, String operation, String verb,
      String decision, String ruleRef, List<String> reasons, List<String> dataClasses, long bytesIn) {
    return new Trace(id, time, env, "bot", "key_1", tool, operation, verb, verb.equals("READ") ? "GET" : "POST",
        tool + ".example", "/api/x", decision.equals("ALLOW") ? 200 : 403, decision, decision, reasons, ruleRef,
        0.2, "LOW", dataClasses, List.of(), bytesIn, 10, 5, 3);
  }

  private void insertTraces() {
    List<String> defaultAction = List.of("DEFAULT_ACTION");
    List<String> secret = List.of("SECRETS.aws_access_key");
    List<Trace> traces = new ArrayList<>();
    traces.add(trace("trc_old", "staging", now.minus(3, ChronoUnit.HOURS), "jira", "create_issue", "WRITE", "ALLOW",
        null, defaultAction, List.of(), 0));
    traces.add(trace("trc_jira1", "jira", "create_issue", "WRITE", "ALLOW", null, defaultAction, List.of(), 0));
    traces.add(trace("trc_jira2", "jira", "create_issue", "WRITE", "ALLOW", null, defaultAction, List.of(), 0));
    traces.add(trace("trc_jiraread", "jira", "get_issue", "READ", "DENY", "old-policy/no-reads",
        List.of("NO_READS"), List.of(), 0));
    traces.add(trace("trc_keygithub", "github", "create_gist", "WRITE", "DENY", "base/deny-secrets",
        List.of("SECRET_DETECTED"), secret, 0));
    traces.add(trace("trc_keyslack", "slack", "post_message", "WRITE", "DENY", "base/deny-secrets",
        List.of("SECRET_DETECTED"), secret, 120));
    traces.add(trace("trc_bodyslack", "slack", "post_message", "WRITE", "ALLOW", null, defaultAction, List.of(), 80));
    traces.add(trace("trc_auth", "", "http_post", "", "DENY", null, List.of("AUTH_FAILED"), List.of(), 0));
    traces.add(trace("trc_guard", "internal", "http_get", "READ", "DENY", null, List.of("PRIVATE_ADDRESS"),
        List.of(), 0));
    traces.add(trace("trc_dev", "dev", now.minus(5, ChronoUnit.MINUTES), "jira", "create_issue", "WRITE", "ALLOW",
        null, defaultAction, List.of(), 0));
    store.traces().insert(traces);
  }

  private String body(String extra) {
    return "{\"env\":\"staging\",\"since\":\"1h\",\"documents\":[" + BASE_SANITIZING + "," + JIRA_APPROVAL + "]"
        + extra + "}";
  }

  @Test
  void countsEveryChangeByHandAndNamesWhatCouldNotBeEvaluated() throws Exception {
    insertTraces();
    HttpResponse<String> r = post("/api/v1/policies/simulate", bearer(), body(""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = json.readTree(r.body()).get("data");

    assertThat(report.get("env").asText()).isEqualTo("staging");
    assertThat(report.get("candidates")).extracting(JsonNode::asText).containsExactly("base", "jira-approval");
    assertThat(report.get("traces_read").asInt()).isEqualTo(8);
    assertThat(report.get("traces_skipped").asInt()).isEqualTo(2);
    assertThat(report.get("traces_replayed").asInt()).isEqualTo(6);
    assertThat(report.get("changed").asInt()).isEqualTo(4);
    assertThat(report.get("unchanged").asInt()).isEqualTo(1);
    assertThat(report.get("incomplete").asInt()).isEqualTo(1);
    assertThat(report.at("/incomplete_by_fact/body").asInt()).isEqualTo(1);
    assertThat(report.get("incomplete_by_fact").size()).isEqualTo(1);
    assertThat(report.get("incomplete_examples")).extracting(JsonNode::asText).containsExactly("trc_bodyslack");
    assertThat(report.get("baseline_differs_from_recorded").asInt()).isEqualTo(1);
    assertThat(report.get("truncated").asBoolean()).isFalse();

    JsonNode transitions = report.get("transitions");
    assertThat(transitions).hasSize(2);
    assertThat(transitions.get(0).get("from").asText()).isEqualTo("ALLOW");
    assertThat(transitions.get(0).get("to").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(transitions.get(0).get("count").asInt()).isEqualTo(2);
    assertThat(transitions.get(0).get("examples")).extracting(JsonNode::asText)
        .containsExactly("trc_jira2", "trc_jira1");
    assertThat(transitions.get(1).get("from").asText()).isEqualTo("DENY");
    assertThat(transitions.get(1).get("to").asText()).isEqualTo("SANITIZE");
    assertThat(transitions.get(1).get("count").asInt()).isEqualTo(2);
    assertThat(transitions.get(1).get("examples")).extracting(JsonNode::asText)
        .containsExactly("trc_keyslack", "trc_keygithub");

    // Fewer examples, and a limit that cuts the newest traces short.
    JsonNode few = json.readTree(post("/api/v1/policies/simulate", bearer(), body(",\"examples\":1")).body())
        .get("data");
    assertThat(few.at("/transitions/0/examples")).extracting(JsonNode::asText).containsExactly("trc_jira2");
    JsonNode cut = json.readTree(post("/api/v1/policies/simulate", bearer(), body(",\"limit\":3")).body()).get("data");
    assertThat(cut.get("traces_read").asInt()).isEqualTo(3);
    assertThat(cut.get("truncated").asBoolean()).isTrue();
    // The three newest: guard and auth (skipped), then body-slack (incomplete).
    assertThat(cut.get("traces_skipped").asInt()).isEqualTo(2);
    assertThat(cut.get("incomplete").asInt()).isEqualTo(1);

    // Nothing was stored: the policy in force is still version 1.
    assertThat(json.readTree(get("/api/v1/policies/base/versions", bearer()).body()).at("/meta/total").asInt())
        .isEqualTo(1);
  }

  @Test
  void theCurrentPoliciesAloneChangeNothing() throws Exception {
    insertTraces();
    JsonNode report = json.readTree(post("/api/v1/policies/simulate", bearer(),
        "{\"env\":\"staging\",\"since\":\"2h\",\"until\":\"" + now + "\",\"document\":" + BASE + "}").body())
        .get("data");
    assertThat(report.get("changed").asInt()).isZero();
    assertThat(report.get("transitions")).isEmpty();
    assertThat(report.get("unchanged").asInt()).isEqualTo(5);
    assertThat(report.get("incomplete").asInt()).isEqualTo(1);
    assertThat(report.get("until").asText()).isEqualTo(now.toString());
  }

  @Test
  void badRequestsNameTheField() throws Exception {
    assertError(post("/api/v1/policies/simulate", bearer(), "{\"since\":\"1h\",\"document\":" + BASE + "}"), 422,
        "invalid_field", "env");
    assertError(post("/api/v1/policies/simulate", bearer(), "{\"env\":\"staging\",\"document\":" + BASE + "}"), 422,
        "invalid_field", "since");
    assertError(post("/api/v1/policies/simulate", bearer(), "{\"env\":\"staging\",\"since\":\"yesterday\","
        + "\"document\":" + BASE + "}"), 400, "invalid_parameter", "since");
    assertError(post("/api/v1/policies/simulate", bearer(), "{\"env\":\"staging\",\"since\":\"1h\"}"), 422,
        "invalid_field", "documents");
    assertError(post("/api/v1/policies/simulate", bearer(), "{\"env\":\"staging\",\"since\":\"1h\",\"documents\":["
        + BASE + ",{\"name\":\"x\",\"rules\":[{\"id\":\"r\",\"action\":\"BLOK\"}]}]}"), 422, "invalid_policy",
        "documents[1].rules[0].action");
    assertError(post("/api/v1/policies/simulate", bearer(), "{\"env\":\"staging\",\"since\":\"1h\",\"document\":"
        + "{\"name\":\"x\",\"env_names\":[\"dev\"],\"rules\":[{\"id\":\"r\",\"action\":\"DENY\"}]}}"), 422,
        "env_mismatch", "document.env_names");
    assertError(post("/api/v1/policies/simulate", bearer(), body(",\"limit\":100001")), 422, "invalid_field",
        "limit");
    assertError(post("/api/v1/policies/simulate", bearer(), "{\"env\":\"nowhere\",\"since\":\"1h\",\"document\":"
        + BASE + "}"), 404, "not_found", null);
    assertError(get("/api/v1/policies/simulate", bearer()), 405, "method_not_allowed", null);
  }

  @Test
  void aScopedKeySimulatesOnlyItsOwnEnvironment() throws Exception {
    var key = store.adminTokens().create("auditor", "dev reader");
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement("UPDATE admin_tokens SET env = 'dev' WHERE id = ?")) {
      ps.setString(1, key.id());
      ps.executeUpdate();
    }
    String dev = "Bearer " + key.secret();
    assertError(post("/api/v1/policies/simulate", dev, body("")), 404, "not_found", null);
    insertTraces();
    HttpResponse<String> own = post("/api/v1/policies/simulate", dev,
        "{\"env\":\"dev\",\"since\":\"1h\",\"document\":" + JIRA_APPROVAL + "}");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    JsonNode report = json.readTree(own.body()).get("data");
    assertThat(report.get("changed").asInt()).isEqualTo(1);
    assertThat(report.at("/transitions/0/examples/0").asText()).isEqualTo("trc_dev");
  }
}
