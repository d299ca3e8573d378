package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.IncidentAlert;
import dev.airlock.admin.store.CreatedAgent;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/incidents} on a real database: reads, manual open, transitions, notes, actions, stats, settings. */
class AdminServerIncidentsTest extends IncidentApiTestBase {
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);

  @BeforeEach
  void reset() {
    published.clear();
    notifiedChannels.clear();
    jira.received.clear();
    linear.received.clear();
    store.environments().create(Environment.of("staging", "Staging"));
    incidents.rules().run();
  }

  private static Trace trace(String env, String agent, String severity, Instant time) {
    return new Trace(TraceIds.at(time.toEpochMilli()), time, env, agent, "key_1", "slack", "post_message", "WRITE",
        "POST", "slack.com", "/api/chat.postMessage", 403, "DENY", "DENY", List.of("SECRET_DETECTED"), "block/rule",
        0.5, severity, List.of(), List.of(), 1, 1, 1, -1, null, Map.of());
  }

  /** Stored, then seen by the detector: a CRITICAL DENY opens an incident. */
  private JsonNode critical(String env, String agent, int second) throws Exception {
    Trace t = trace(env, agent, "CRITICAL", t0.plusSeconds(second));
    store.traces().insert(List.of(t));
    incidents.detector().observe(List.of(t));
    JsonNode list = json.readTree(get("/api/v1/incidents?agent=" + agent + "&env=" + env, bearer()).body());
    return list.get("data").get(0);
  }

  @Test
  void listsFiltersAndShowsTheTimeline() throws Exception {
    JsonNode a = critical("default", "bot", 0);
    Trace later = trace("default", "bot", "CRITICAL", t0.plusSeconds(5));
    store.traces().insert(List.of(later));
    incidents.detector().observe(List.of(later));
    JsonNode b = critical("staging", "other", 1);

    JsonNode page = json.readTree(get("/api/v1/incidents?limit=1", bearer()).body());
    assertThat(page.at("/meta/total").asLong()).isEqualTo(2);
    assertThat(page.get("data")).hasSize(1);
    JsonNode rest = json.readTree(get("/api/v1/incidents?limit=1&cursor=" + page.at("/meta/next_cursor").asText(),
        bearer()).body());
    assertThat(rest.get("data")).hasSize(1);
    assertThat(rest.at("/data/0/id").asText()).isNotEqualTo(page.at("/data/0/id").asText());

    assertThat(ids(get("/api/v1/incidents?env=staging", bearer()))).containsExactly(b.get("id").asText());
    assertThat(ids(get("/api/v1/incidents?severity=CRITICAL&status=open&trigger=critical_deny&since=1h", bearer())))
        .hasSize(2);
    assertThat(ids(get("/api/v1/incidents?status=closed", bearer()))).isEmpty();
    assertThat(ids(get("/api/v1/incidents?until=" + t0.minusSeconds(3600), bearer()))).isEmpty();
    assertError(get("/api/v1/incidents?status=done", bearer()), 400, "invalid_parameter", "status");
    assertError(get("/api/v1/incidents?severity=huge", bearer()), 400, "invalid_parameter", "severity");
    assertError(get("/api/v1/incidents?trigger=nope", bearer()), 400, "invalid_parameter", "trigger");

    JsonNode detail = json.readTree(get("/api/v1/incidents/" + a.get("id").asText(), bearer()).body()).get("data");
    assertThat(detail.get("trace_count").asInt()).isEqualTo(2);
    assertThat(detail.get("timeline")).hasSize(2);
    JsonNode first = detail.get("timeline").get(0);
    assertThat(first.get("found").asBoolean()).isTrue();
    assertThat(first.get("tool").asText()).isEqualTo("slack");
    assertThat(first.get("operation").asText()).isEqualTo("post_message");
    assertThat(first.get("decision").asText()).isEqualTo("DENY");
    assertThat(first.get("reasons").get(0).asText()).isEqualTo("SECRET_DETECTED");
    assertThat(Instant.parse(first.get("time").asText()))
        .isBefore(Instant.parse(detail.get("timeline").get(1).get("time").asText()));
    assertThat(detail.get("actions")).extracting(n -> n.get("kind").asText())
        .containsExactly("lower_trust", "pin_scrutiny", "alert");
    assertError(get("/api/v1/incidents/inc_missing", bearer()), 404, "not_found", null);
  }

  @Test
  void opensByHandFromTracesAndRefusesUnknownOrForeignOnes() throws Exception {
    Trace t1 = trace("staging", "bot", "MEDIUM", t0);
    Trace t2 = trace("staging", "bot", "HIGH", t0.plusSeconds(1));
    Trace other = trace("default", "bot", "LOW", t0.plusSeconds(2));
    Trace otherAgent = trace("staging", "someone", "LOW", t0.plusSeconds(3));
    store.traces().insert(List.of(t1, t2, other, otherAgent));

    HttpResponse<String> created = post("/api/v1/incidents", bearer(),
        "{\"trace_ids\": [\"" + t2.id() + "\", \"" + t1.id() + "\"], \"title\": \"Odd posts\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode data = json.readTree(created.body()).get("data");
    assertThat(data.get("id").asText()).startsWith("inc_");
    assertThat(data.get("trigger").asText()).isEqualTo("manual");
    assertThat(data.get("severity").asText()).as("the highest of the traces").isEqualTo("HIGH");
    assertThat(data.get("env").asText()).isEqualTo("staging");
    assertThat(data.get("agent").asText()).isEqualTo("bot");
    assertThat(data.get("title").asText()).isEqualTo("Odd posts");
    assertThat(data.get("opened_by").asText()).startsWith("tok_");
    assertThat(data.get("timeline")).extracting(n -> n.get("trace_id").asText()).containsExactly(t1.id(), t2.id());

    assertError(post("/api/v1/incidents", bearer(), "{\"trace_ids\": [\"trc_nope\"]}"), 400, "unknown_trace",
        "trace_ids");
    assertError(post("/api/v1/incidents", bearer(), "{\"trace_ids\": []}"), 400, "missing_field", "trace_ids");
    assertError(post("/api/v1/incidents", bearer(), "{}"), 400, "missing_field", "trace_ids");
    assertError(post("/api/v1/incidents", bearer(), "{\"trace_ids\": [\"" + t1.id() + "\", \"" + other.id() + "\"]}"),
        400, "mixed_traces", "trace_ids");
    assertError(post("/api/v1/incidents", bearer(),
        "{\"trace_ids\": [\"" + t1.id() + "\", \"" + otherAgent.id() + "\"]}"), 400, "mixed_traces", "trace_ids");
    assertError(post("/api/v1/incidents", bearer(), "{\"trace_ids\": [\"" + t1.id() + "\"], \"severity\": \"x\"}"),
        400, "invalid_field", "severity");

    String scoped = "Bearer " + scopedToken("admin", "staging");
    assertError(post("/api/v1/incidents", scoped, "{\"trace_ids\": [\"" + other.id() + "\"]}"), 400,
        "unknown_trace", "trace_ids");
    assertThat(post("/api/v1/incidents", scoped, "{\"trace_ids\": [\"" + t1.id() + "\"]}").statusCode())
        .isEqualTo(201);
    JsonNode audit = json.readTree(get("/api/v1/audit?action=incident.open", bearer()).body()).get("data");
    assertThat(audit).hasSize(2);
    assertThat(published).filteredOn(e -> e instanceof IncidentAlert a && a.change().equals("opened")
        && a.trigger().equals("manual")).hasSize(2);
  }

  @Test
  void transitionsFollowTheLifecycleAndClosingNeedsAResolution() throws Exception {
    String id = critical("default", "bot", 0).get("id").asText();
    String path = "/api/v1/incidents/" + id + "/transition";
    assertError(post(path, bearer(), "{\"status\": \"closed\"}"), 400, "resolution_required", "resolution");
    assertError(post(path, bearer(), "{\"status\": \"closed\", \"resolution\": \"bored\"}"), 400,
        "invalid_resolution", "resolution");
    assertError(post(path, bearer(), "{\"status\": \"investigating\", \"resolution\": \"policy_gap\"}"), 400,
        "invalid_field", "resolution");
    assertError(post(path, bearer(), "{\"status\": \"done\"}"), 400, "invalid_field", "status");
    assertError(post(path, bearer(), "{}"), 400, "missing_field", "status");
    assertError(post(path, bearer(), "{\"status\": \"open\"}"), 409, "illegal_transition", "status");

    HttpResponse<String> investigating = post(path, bearer(), "{\"status\": \"investigating\"}");
    assertThat(investigating.statusCode()).as(investigating.body()).isEqualTo(200);
    assertThat(json.readTree(investigating.body()).at("/data/status").asText()).isEqualTo("investigating");
    assertError(post(path, bearer(), "{\"status\": \"open\"}"), 409, "illegal_transition", "status");

    HttpResponse<String> closed = post(path, bearer(), "{\"status\": \"closed\", \"resolution\": \"policy_gap\"}");
    assertThat(closed.statusCode()).isEqualTo(200);
    JsonNode data = json.readTree(closed.body()).get("data");
    assertThat(data.get("status").asText()).isEqualTo("closed");
    assertThat(data.get("resolution").asText()).isEqualTo("policy_gap");
    assertThat(data.get("closed_at").asText()).isNotBlank();
    assertError(post(path, bearer(), "{\"status\": \"investigating\"}"), 409, "illegal_transition", "status");

    JsonNode audit = json.readTree(get("/api/v1/audit?action=incident.transition", bearer()).body()).get("data");
    assertThat(audit).hasSize(2);
    assertThat(published).filteredOn(e -> e instanceof IncidentAlert a && a.change().equals("transitioned"))
        .hasSize(2);
  }

  @Test
  void notesAreAppendedWithTheirAuthor() throws Exception {
    String id = critical("default", "bot", 0).get("id").asText();
    HttpResponse<String> note = post("/api/v1/incidents/" + id + "/notes", bearer(), "{\"text\": \"checked logs\"}");
    assertThat(note.statusCode()).as(note.body()).isEqualTo(201);
    JsonNode n = json.readTree(note.body()).get("data");
    assertThat(n.get("author_key_id").asText()).startsWith("tok_");
    assertThat(n.get("author_name").asText()).isEqualTo("test");
    assertThat(n.get("text").asText()).isEqualTo("checked logs");
    post("/api/v1/incidents/" + id + "/notes", bearer(), "{\"text\": \"second\"}");
    JsonNode detail = json.readTree(get("/api/v1/incidents/" + id, bearer()).body()).get("data");
    assertThat(detail.get("notes")).extracting(x -> x.get("text").asText()).containsExactly("checked logs", "second");
    assertThat(detail.get("note_count").asInt()).isEqualTo(2);
    assertError(post("/api/v1/incidents/" + id + "/notes", bearer(), "{\"text\": \"\"}"), 400, "missing_field", "text");
    assertError(post("/api/v1/incidents/" + id + "/notes", bearer(), "{\"note\": \"x\"}"), 422, "unknown_field",
        "note");
    assertError(call("PATCH", "/api/v1/incidents/" + id + "/notes", bearer(), "{}"), 405, "method_not_allowed", null);
  }

  @Test
  void suspendUnsuspendAndRotateTheAgent() throws Exception {
    CreatedAgent agent = store.agents().create("bot", "default", "custom");
    directory.refresh(List.of(agent.agent().id()));
    assertThat(authenticates("bot", agent.key().secret())).isTrue();
    String id = critical("default", "bot", 0).get("id").asText();
    String path = "/api/v1/incidents/" + id + "/actions";

    HttpResponse<String> suspended = post(path, bearer(), "{\"action\": \"suspend_agent\"}");
    assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(201);
    assertThat(json.readTree(suspended.body()).at("/data/result/status").asText()).isEqualTo("suspended");
    assertThat(store.agents().find(agent.agent().id()).orElseThrow().status()).isEqualTo("suspended");
    assertThat(authenticates("bot", agent.key().secret())).as("the directory follows at once").isFalse();

    assertThat(post(path, bearer(), "{\"action\": \"unsuspend_agent\"}").statusCode()).isEqualTo(201);
    assertThat(authenticates("bot", agent.key().secret())).isTrue();

    HttpResponse<String> rotated = post(path, bearer(), "{\"action\": \"rotate_key\"}");
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
    JsonNode r = json.readTree(rotated.body()).get("data");
    String secret = r.at("/new_key/secret").asText();
    assertThat(secret).startsWith("alk_");
    assertThat(r.at("/result/old_key_id").asText()).isEqualTo(agent.key().id());
    assertThat(authenticates("bot", agent.key().secret())).as("the old key is revoked").isFalse();
    assertThat(authenticates("bot", secret)).isTrue();

    JsonNode detail = json.readTree(get("/api/v1/incidents/" + id, bearer()).body()).get("data");
    assertThat(detail.get("actions")).extracting(n -> n.get("kind").asText())
        .contains("suspend_agent", "unsuspend_agent", "rotate_key");
    assertThat(detail.toString()).as("the secret is shown once, never stored").doesNotContain(secret);
    assertThat(json.readTree(get("/api/v1/audit?action=agent.suspend", bearer()).body()).get("data")).hasSize(1);
    assertThat(json.readTree(get("/api/v1/audit?action=incident.action", bearer()).body()).get("data")).hasSize(3);
    assertThat(json.readTree(get("/api/v1/audit", bearer()).body()).toString()).doesNotContain(secret);
  }

  @Test
  void notifiesAChannelAndRefusesUnknownActions() throws Exception {
    String id = critical("default", "bot", 0).get("id").asText();
    String path = "/api/v1/incidents/" + id + "/actions";
    published.clear();
    assertError(post(path, bearer(), "{\"action\": \"notify_channel\", \"channel\": \"chn_nope\"}"), 404,
        "not_found", null);
    HttpResponse<String> sent = post(path, bearer(), "{\"action\": \"notify_channel\", \"channel\": \"chn_known\"}");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    assertThat(notifiedChannels).containsExactly(KNOWN_CHANNEL);
    assertThat(((IncidentAlert) published.get(0)).incidentId()).isEqualTo(id);
    assertError(post(path, bearer(), "{\"action\": \"notify_channel\"}"), 422, "missing_field", "channel");
    assertError(post(path, bearer(), "{\"action\": \"reboot\"}"), 400, "invalid_field", "action");
    assertError(post(path, bearer(), "{}"), 400, "missing_field", "action");
    assertError(post("/api/v1/incidents/inc_missing/actions", bearer(), "{\"action\": \"suspend_agent\"}"), 404,
        "not_found", null);
    assertError(post(path, bearer(), "{\"action\": \"suspend_agent\"}"), 404, "not_found", null);
  }

  @Test
  void opensJiraAndLinearTicketsWithTheirRequestShapes() throws Exception {
    String id = critical("default", "bot", 0).get("id").asText();
    String path = "/api/v1/incidents/" + id + "/actions";

    HttpResponse<String> j = post(path, bearer(), "{\"action\": \"open_ticket\", \"system\": \"jira\"}");
    assertThat(j.statusCode()).as(j.body()).isEqualTo(201);
    JsonNode jr = json.readTree(j.body()).at("/data/result");
    assertThat(jr.get("key").asText()).isEqualTo("SEC-42");
    assertThat(jr.get("url").asText()).isEqualTo(jira.url() + "/jira/browse/SEC-42");
    assertThat(jira.received).hasSize(1);
    RecordingReceiver.Received jreq = jira.received.get(0);
    assertThat(jreq.method()).isEqualTo("POST");
    assertThat(jreq.path()).isEqualTo("/jira/rest/api/2/issue");
    assertThat(jreq.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
        "bot@example.com:jira-token-1".getBytes(StandardCharsets.UTF_8)));
    assertThat(jreq.header("Content-Type")).startsWith("application/json");
    JsonNode fields = json.readTree(jreq.body()).get("fields");
    assertThat(fields.at("/project/key").asText()).isEqualTo("SEC");
    assertThat(fields.at("/issuetype/name").asText()).isEqualTo("Task");
    assertThat(fields.get("summary").asText()).contains("CRITICAL", "bot");
    assertThat(fields.get("description").asText()).contains(id, "critical_deny", "slack.post_message");

    HttpResponse<String> l = post(path, bearer(), "{\"action\": \"open_ticket\", \"system\": \"linear\"}");
    assertThat(l.statusCode()).as(l.body()).isEqualTo(201);
    assertThat(json.readTree(l.body()).at("/data/result/key").asText()).isEqualTo("ENG-7");
    assertThat(json.readTree(l.body()).at("/data/result/url").asText()).isEqualTo("https://linear.app/acme/issue/ENG-7");
    RecordingReceiver.Received lreq = linear.received.get(0);
    assertThat(lreq.path()).isEqualTo("/graphql");
    assertThat(lreq.header("Authorization")).isEqualTo("lin_api_secret");
    JsonNode gql = json.readTree(lreq.body());
    assertThat(gql.get("query").asText()).contains("issueCreate");
    assertThat(gql.at("/variables/input/teamId").asText()).isEqualTo("team-1");
    assertThat(gql.at("/variables/input/title").asText()).contains("bot");
    assertThat(gql.at("/variables/input/description").asText()).contains(id);

    // A tracker that refuses: 502, the action recorded as failed, no credential in the answer.
    jira.answer(401, "{\"errorMessages\": [\"bad token\"]}");
    try {
      HttpResponse<String> refused = post(path, bearer(), "{\"action\": \"open_ticket\", \"system\": \"jira\"}");
      assertError(refused, 502, "action_failed", "action");
      assertThat(refused.body()).doesNotContain("jira-token-1");
    } finally {
      jira.answer(201, "{\"id\": \"10001\", \"key\": \"SEC-42\", \"self\": \"x\"}");
    }
    JsonNode actions = json.readTree(get("/api/v1/incidents/" + id, bearer()).body()).at("/data/actions");
    assertThat(actions).filteredOn(a -> a.get("kind").asText().equals("open_ticket"))
        .extracting(a -> a.get("outcome").asText()).containsExactly("ok", "ok", "failed");
    assertThat(actions.toString()).doesNotContain("jira-token-1").doesNotContain("lin_api_secret");
    assertError(post(path, bearer(), "{\"action\": \"open_ticket\", \"system\": \"github\"}"), 422, "invalid_field",
        "system");
  }

  @Test
  void statsCountFalsePositivesPerTrigger() throws Exception {
    String a = critical("default", "a", 0).get("id").asText();
    String b = critical("default", "b", 1).get("id").asText();
    critical("default", "c", 2);
    post("/api/v1/incidents/" + a + "/transition", bearer(), "{\"status\": \"closed\", \"resolution\": \"false_positive\"}");
    post("/api/v1/incidents/" + b + "/transition", bearer(), "{\"status\": \"closed\", \"resolution\": \"policy_gap\"}");
    JsonNode stats = json.readTree(get("/api/v1/incidents/stats", bearer()).body()).get("data");
    JsonNode critical = null;
    for (JsonNode s : stats) {
      if (s.get("trigger").asText().equals("critical_deny")) {
        critical = s;
      }
    }
    assertThat(critical).isNotNull();
    assertThat(critical.get("opened").asLong()).isEqualTo(3);
    assertThat(critical.get("closed").asLong()).isEqualTo(2);
    assertThat(critical.get("false_positives").asLong()).isEqualTo(1);
    assertThat(critical.get("false_positive_ratio").asDouble()).isEqualTo(0.5);
    assertThat(stats).extracting(s -> s.get("trigger").asText()).contains("deny_burst", "trust_drop", "manual");
    JsonNode staging = json.readTree(get("/api/v1/incidents/stats?env=staging", bearer()).body()).get("data");
    assertThat(staging).allMatch(s -> s.get("opened").asLong() == 0);
  }

  @Test
  void settingsAreReadChangedValidatedAndAppliedToDetection() throws Exception {
    JsonNode current = json.readTree(get("/api/v1/incidents/settings", bearer()).body()).get("data");
    assertThat(current.at("/triggers/deny_burst/threshold").asLong()).isEqualTo(5);
    assertThat(current.at("/triggers/trust_drop/threshold").asDouble()).isEqualTo(0.3);

    HttpResponse<String> put = call("PUT", "/api/v1/incidents/settings", bearer(),
        "{\"triggers\": {\"deny_burst\": {\"threshold\": 2, \"window\": \"30m\"}}}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(json.readTree(put.body()).at("/data/triggers/deny_burst/threshold").asLong()).isEqualTo(2);
    assertThat(json.readTree(get("/api/v1/incidents/settings", bearer()).body())
        .at("/data/triggers/deny_burst/window").asText()).isEqualTo("30m");

    Trace d1 = trace("default", "burst", "HIGH", t0);
    incidents.detector().observe(List.of(d1));
    assertThat(ids(get("/api/v1/incidents?agent=burst", bearer()))).isEmpty();
    incidents.detector().observe(List.of(trace("default", "burst", "HIGH", t0.plusSeconds(1))));
    assertThat(ids(get("/api/v1/incidents?agent=burst&trigger=deny_burst", bearer()))).hasSize(1);

    assertError(call("PUT", "/api/v1/incidents/settings", bearer(),
        "{\"triggers\": {\"deny_burst\": {\"threshold\": 0}}}"), 400, "invalid_field", "triggers.deny_burst.threshold");
    assertError(call("PUT", "/api/v1/incidents/settings", bearer(), "{\"triggers\": {\"nope\": {}}}"), 400,
        "invalid_field", "triggers.nope");
    assertError(call("PUT", "/api/v1/incidents/settings", "Bearer " + scopedToken("admin", "staging"),
        "{\"triggers\": {}}"), 403, "forbidden", null);
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();
    assertError(call("PUT", "/api/v1/incidents/settings", auditor, "{}"), 403, "forbidden", null);
    assertThat(json.readTree(get("/api/v1/audit?action=incident.settings.update", bearer()).body()).get("data"))
        .hasSize(1);
    sql("DELETE FROM incident_settings");
  }

  @Test
  void scopedKeysAndAuditors() throws Exception {
    String mine = critical("staging", "bot", 0).get("id").asText();
    String theirs = critical("default", "bot", 1).get("id").asText();
    String scoped = "Bearer " + scopedToken("admin", "staging");
    assertThat(ids(get("/api/v1/incidents", scoped))).containsExactly(mine);
    assertError(get("/api/v1/incidents?env=default", scoped), 404, "not_found", null);
    assertError(get("/api/v1/incidents/" + theirs, scoped), 404, "not_found", null);
    assertError(post("/api/v1/incidents/" + theirs + "/notes", scoped, "{\"text\": \"x\"}"), 404, "not_found", null);
    assertThat(post("/api/v1/incidents/" + mine + "/notes", scoped, "{\"text\": \"x\"}").statusCode()).isEqualTo(201);

    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();
    assertThat(get("/api/v1/incidents/" + mine, auditor).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/incidents/stats", auditor).statusCode()).isEqualTo(200);
    assertError(post("/api/v1/incidents/" + mine + "/notes", auditor, "{\"text\": \"x\"}"), 403, "forbidden", null);
    assertError(post("/api/v1/incidents/" + mine + "/transition", auditor, "{\"status\": \"investigating\"}"), 403,
        "forbidden", null);
  }

  private static List<String> ids(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    json.readTree(r.body()).get("data").forEach(i -> out.add(i.get("id").asText()));
    return out;
  }

  private static boolean authenticates(String agent, String key) throws Exception {
    return directory.authenticate(agent, key).get(5, TimeUnit.SECONDS).isPresent();
  }

  private static String scopedToken(String role, String env) {
    var issued = store.adminTokens().create(role, "scoped");
    sql("UPDATE admin_tokens SET env = '" + env + "' WHERE id = '" + issued.id() + "'");
    return issued.secret();
  }

  private static void sql(String statement) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
