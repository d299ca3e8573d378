package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit log through the API and the CLI, against a real server and database. */
class AdminServerAuditTest extends AdminServerTestBase {
  private Map<String, String> cli() {
    return Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token);
  }

  @Test
  void aChangeIsRecordedWithItsActorRequestAndAfterState() throws Exception {
    HttpResponse<String> created = post("/api/v1/environments", bearer(),
        "{\"slug\":\"staging\",\"name\":\"Staging\",\"enforcement_mode\":\"monitor\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String requestId = created.headers().firstValue("X-Request-Id").orElseThrow();

    HttpResponse<String> list = get("/api/v1/audit", bearer());
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    JsonNode body = json.readTree(list.body());
    assertThat(body.at("/meta/total").asInt()).isEqualTo(1);
    JsonNode event = body.get("data").get(0);
    assertThat(event.get("action").asText()).isEqualTo("environment.create");
    assertThat(event.get("target_id").asText()).isEqualTo("staging");
    assertThat(event.get("env").asText()).isEqualTo("staging");
    assertThat(event.get("actor_key_id").asText()).startsWith("tok_");
    assertThat(event.get("actor_role").asText()).isEqualTo("owner");
    assertThat(event.get("request_id").asText()).isEqualTo(requestId);
    assertThat(event.get("before").isNull()).isTrue();
    assertThat(event.at("/after/enforcement_mode").asText()).isEqualTo("monitor");
  }

  @Test
  void aFailedChangeLeavesNoRecord() throws Exception {
    post("/api/v1/environments", bearer(), "{\"slug\":\"qa\"}");
    HttpResponse<String> duplicate = post("/api/v1/environments", bearer(), "{\"slug\":\"qa\"}");
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(json.readTree(get("/api/v1/audit", bearer()).body()).at("/meta/total").asInt()).isEqualTo(1);
  }

  @Test
  void listsPageWithACursorAndCountEveryMatch() throws Exception {
    for (String slug : new String[] {"env-a", "env-b", "env-c"}) {
      post("/api/v1/environments", bearer(), "{\"slug\":\"" + slug + "\"}");
    }
    JsonNode first = json.readTree(get("/api/v1/audit?limit=2", bearer()).body());
    assertThat(first.get("data")).hasSize(2);
    assertThat(first.at("/meta/total").asInt()).isEqualTo(3);
    String cursor = first.at("/meta/next_cursor").asText();
    JsonNode second = json.readTree(get("/api/v1/audit?limit=2&cursor=" + cursor, bearer()).body());
    assertThat(second.get("data")).hasSize(1);
    assertThat(second.get("data").get(0).get("target_id").asText()).isEqualTo("env-a");
    assertError(get("/api/v1/audit?cursor=zzz", bearer()), 400, "invalid_parameter", "cursor");
    JsonNode filtered = json.readTree(get("/api/v1/audit?env=env-b", bearer()).body());
    assertThat(filtered.at("/meta/total").asInt()).isEqualTo(1);
  }

  @Test
  void anAuditorReadsTheLogButCannotChangeAnything() throws Exception {
    post("/api/v1/environments", bearer(), "{\"slug\":\"qa\"}");
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();
    assertThat(get("/api/v1/audit", auditor).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/audit/verify", auditor).statusCode()).isEqualTo(200);
    assertError(post("/api/v1/environments", auditor, "{\"slug\":\"qa2\"}"), 403, "forbidden", null);
  }

  @Test
  void verifyThroughTheCliNamesTheEditedRow() throws Exception {
    post("/api/v1/environments", bearer(), "{\"slug\":\"qa\"}");
    post("/api/v1/environments", bearer(), "{\"slug\":\"prod\",\"is_production\":true}");
    Cli.Result ok = Cli.run(cli(), "audit", "verify");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("2 audit events verified");

    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE audit_events SET after = jsonb_set(after, '{is_production}', 'false') WHERE seq = 2");
    }
    Cli.Result broken = Cli.run(cli(), "audit", "verify");
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.out()).contains("row seq 2 was edited");

    Cli.Result listed = Cli.run(cli(), "audit", "list");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("environment.create").contains("environment prod");
  }
}
