package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.trace.Trace;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health, authentication, environments, routing, body limits, policies and traces. */
class AdminServerTest extends AdminServerTestBase {
  @Test
  void healthEndpointsNeedNoToken() throws Exception {
    assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = call("GET", "/readyz", null, null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json.readTree(ready.body()).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void apiNeedsAValidBearerToken() throws Exception {
    for (String auth : new String[] {null, "Bearer alt_wrong", "Basic abc", token}) {
      HttpResponse<String> r = call("GET", "/api/v1/environments", auth, null);
      assertThat(r.statusCode()).isEqualTo(401);
      JsonNode body = json.readTree(r.body());
      assertThat(body.at("/error/code").asText()).isEqualTo("unauthorized");
      assertThat(body.at("/meta/request_id").asText()).startsWith("req_");
      assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    }
    String auditor = store.adminTokens().create("auditor", "audit").secret();
    assertThat(get("/api/v1/environments", "Bearer " + auditor).statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/environments", "Bearer " + auditor, "{\"slug\":\"x1\"}").statusCode()).isEqualTo(403);
  }

  @Test
  void environments() throws Exception {
    HttpResponse<String> list = get("/api/v1/environments", bearer());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = json.readTree(list.body());
    assertThat(body.get("data").isArray()).isTrue();
    assertThat(body.at("/data/0/slug").asText()).isEqualTo("default");
    assertThat(body.at("/meta/request_id").asText()).startsWith("req_");
    assertThat(Instant.parse(body.at("/meta/timestamp").asText())).isNotNull();
    assertThat(body.at("/meta/total").asInt()).isEqualTo(1);

    HttpResponse<String> created = post("/api/v1/environments", bearer(),
        "{\"slug\":\"production\",\"name\":\"Production\",\"is_production\":true,"
            + "\"enforcement_mode\":\"enforce\",\"default_action\":\"ALLOW\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode env = json.readTree(created.body()).get("data");
    assertThat(env.get("slug").asText()).isEqualTo("production");
    assertThat(env.get("is_production").asBoolean()).isTrue();
    assertThat(env.get("enforcement_mode").asText()).isEqualTo("enforce");
    assertThat(env.get("default_action").asText()).isEqualTo("ALLOW");
    assertThat(env.get("description").asText()).isEmpty();
    assertThat(env.hasNonNull("created_at")).isTrue();
    assertThat(changes.get()).isPositive();

    assertThat(json.readTree(get("/api/v1/environments/production", bearer()).body()).at("/data/name").asText())
        .isEqualTo("Production");
    assertError(get("/api/v1/environments/nope", bearer()), 404, "not_found", null);
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"production\"}"), 409, "conflict", null);
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"Bad Slug\"}"), 422, "invalid_slug", "slug");
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":"), 400, "invalid_json", null);
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"ok-slug\",\"is_prod\":true}"), 422,
        "unknown_field", "is_prod");
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"ok-slug\",\"enforcement_mode\":\"loud\"}"),
        422, "invalid_enforcement_mode", "enforcement_mode");
  }

  @Test
  void unknownRoutesAndWrongMethods() throws Exception {
    assertError(get("/api/v1/nope", bearer()), 404, "not_found", null);
    assertError(get("/elsewhere", bearer()), 404, "not_found", null);
    assertError(call("DELETE", "/api/v1/environments", bearer(), null), 405, "method_not_allowed", null);
    assertError(call("PUT", "/api/v1/traces", bearer(), ""), 405, "method_not_allowed", null);
    assertError(post("/api/v1/policies/validate", bearer(), "x".repeat(1024 * 1024 + 1)), 413,
        "payload_too_large", null);
  }

  @Test
  void oversizedBodiesAlwaysGetTheir413() throws Exception {
    // The server answers before reading the body: the answer must not be lost to a reset when
    // the connection closes with body bytes still unread.
    String big = "x".repeat(4 * 1024 * 1024);
    for (int i = 0; i < 20; i++) {
      assertError(post("/api/v1/policies/validate", bearer(), big), 413, "payload_too_large", null);
    }
  }

  @Test
  void policiesAreVersionedScopedAndDeleted() throws Exception {
    store.environments().create(Environment.of("production", "Production"));
    int before = changes.get();
    String doc = "{\"name\":\"block\",\"rules\":[{\"id\":\"r1\",\"action\":\"DENY\"}]}";

    HttpResponse<String> v1 = post("/api/v1/policies?env=production", bearer(), doc);
    assertThat(v1.statusCode()).isEqualTo(201);
    JsonNode first = json.readTree(v1.body()).get("data");
    assertThat(first.get("env_names").toString()).isEqualTo("[\"production\"]");
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("rules").asInt()).isEqualTo(1);
    assertThat(first.at("/document/name").asText()).isEqualTo("block");
    JsonNode second = json.readTree(post("/api/v1/policies?env=production", bearer(), doc).body()).get("data");
    assertThat(second.get("version").asInt()).isEqualTo(2);
    assertThat(changes.get()).isEqualTo(before + 2);

    HttpResponse<String> yaml = call("POST", "/api/v1/policies", bearer(),
        "name: everywhere\nrules:\n  - id: observe\n    action: ALLOW\n", "application/yaml");
    assertThat(yaml.statusCode()).isEqualTo(201);

    JsonNode prod = json.readTree(get("/api/v1/policies?env=production", bearer()).body());
    assertThat(prod.at("/meta/total").asInt()).isEqualTo(2);
    assertThat(json.readTree(get("/api/v1/policies?env=default", bearer()).body()).at("/meta/total").asInt())
        .isEqualTo(1);
    assertThat(json.readTree(get("/api/v1/policies/" + first.get("id").asText(), bearer()).body())
        .at("/data/version").asInt()).isEqualTo(1);

    assertError(post("/api/v1/policies", bearer(), "{\"name\":\"b\",\"rules\":[{\"id\":\"r1\",\"action\":\"BLOK\"}]}"),
        422, "invalid_policy", "rules[0].action");
    assertError(post("/api/v1/policies?env=production", bearer(),
        "{\"name\":\"b\",\"env_names\":[\"dev\"],\"rules\":[{\"id\":\"r1\",\"action\":\"DENY\"}]}"), 422, "env_mismatch", "env_names");
    assertError(post("/api/v1/policies?env=nowhere", bearer(), doc), 404, "not_found", null);
    HttpResponse<String> valid = post("/api/v1/policies/validate", bearer(), doc);
    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(json.readTree(valid.body()).at("/data/valid").asBoolean()).isTrue();
    assertError(post("/api/v1/policies/validate", bearer(), "{\"name\":\"b\",\"rules\":[]}"), 422,
        "invalid_policy", "rules");

    HttpResponse<String> deleted = call("DELETE", "/api/v1/policies/" + second.get("id").asText(), bearer(), null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(json.readTree(deleted.body()).at("/data/deleted").asBoolean()).isTrue();
    assertThat(json.readTree(get("/api/v1/policies?env=production", bearer()).body()).at("/meta/total").asInt())
        .isEqualTo(1);
    assertError(call("DELETE", "/api/v1/policies/" + second.get("id").asText(), bearer(), null), 404, "not_found", null);
  }

  @Test
  void tracesFilterAndPage() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      traces.add(trace(i % 3 == 0 ? "production" : "default", "bot", i % 2 == 0 ? "slack" : "github",
          i % 5 == 0 ? "DENY" : "ALLOW", now.minusSeconds(i * 60L)));
    }
    store.traces().insert(traces);

    JsonNode denies = json.readTree(get("/api/v1/traces?env=production&decision=DENY", bearer()).body());
    assertThat(denies.get("data")).isNotEmpty().allSatisfy(t -> {
      assertThat(t.get("env").asText()).isEqualTo("production");
      assertThat(t.get("decision").asText()).isEqualTo("DENY");
      assertThat(t.get("reasons").get(0).asText()).isEqualTo("SECRET_DETECTED");
      assertThat(t.has("risk_score")).isTrue();
      assertThat(t.has("enforced_action")).isTrue();
    });
    JsonNode recent = json.readTree(get("/api/v1/traces?since=10m&tool=slack", bearer()).body());
    assertThat(recent.get("data")).hasSize(5); // i = 0, 2, 4, 6, 8 at 0..8 minutes ago
    String since = URLEncoder.encode(now.minusSeconds(150).toString(), StandardCharsets.UTF_8);
    assertThat(json.readTree(get("/api/v1/traces?since=" + since, bearer()).body()).get("data")).hasSize(3);

    List<String> ids = new ArrayList<>();
    String next = "";
    do {
      JsonNode page = json.readTree(get("/api/v1/traces?limit=7" + next, bearer()).body());
      page.get("data").forEach(t -> ids.add(t.get("id").asText()));
      next = page.at("/meta/next_cursor").isMissingNode() ? null : "&cursor=" + page.at("/meta/next_cursor").asText();
    } while (next != null);
    assertThat(ids).containsExactlyElementsOf(traces.stream().map(Trace::id).toList());
    JsonNode firstPage = json.readTree(get("/api/v1/traces?limit=7", bearer()).body());
    assertThat(firstPage.at("/meta/total").asInt()).as("every match, not the page").isEqualTo(30);
    assertThat(firstPage.at("/meta/total_is_lower_bound").isMissingNode()).isTrue();
    assertThat(json.readTree(get("/api/v1/traces?env=production&limit=2", bearer()).body()).at("/meta/total")
        .asInt()).isEqualTo(10);

    assertError(get("/api/v1/traces?since=yesterday", bearer()), 400, "invalid_parameter", "since");
    assertError(get("/api/v1/traces?until=5x", bearer()), 400, "invalid_parameter", "until");
    assertError(get("/api/v1/traces?limit=0", bearer()), 400, "invalid_parameter", "limit");
    assertError(get("/api/v1/traces?cursor=zzz", bearer()), 400, "invalid_parameter", "cursor");
    assertError(get("/api/v1/traces?decision=MAYBE", bearer()), 400, "invalid_parameter", "decision");
  }

  @Test
  void aTraceIsReadById() throws Exception {
    Trace t = trace("production", "bot", "slack", "DENY", Instant.now().minusSeconds(5));
    store.traces().insert(List.of(trace("production", "bot", "slack", "ALLOW", t.time()), t));

    HttpResponse<String> found = get("/api/v1/traces/" + t.id(), bearer());
    assertThat(found.statusCode()).isEqualTo(200);
    JsonNode data = json.readTree(found.body()).get("data");
    assertThat(data.get("id").asText()).isEqualTo(t.id());
    assertThat(data.get("decision").asText()).isEqualTo("DENY");
    assertThat(data.get("reasons").get(0).asText()).isEqualTo("SECRET_DETECTED");
    assertError(get("/api/v1/traces/trc_" + "0".repeat(32), bearer()), 404, "not_found", null);
    assertError(get("/api/v1/traces/not-a-trace-id", bearer()), 404, "not_found", null);
    assertError(get("/api/v1/traces/" + t.id() + "/more", bearer()), 404, "not_found", null);
    assertError(call("DELETE", "/api/v1/traces/" + t.id(), bearer(), null), 405, "method_not_allowed", null);
  }

}
