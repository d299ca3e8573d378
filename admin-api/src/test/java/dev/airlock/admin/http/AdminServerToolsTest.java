package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Environment;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/tools}: custom catalog entries, validated, audited, tenant-wide. */
class AdminServerToolsTest extends AdminServerTestBase {
  static final String ACME = "{\"tool\":\"acme\",\"description\":\"Acme tickets\",\"hosts\":[\"api.acme.example\"],"
      + "\"operations\":[{\"name\":\"create_ticket\",\"method\":\"POST\",\"path\":\"/v1/tickets\"},"
      + "{\"name\":\"close_ticket\",\"method\":\"POST\",\"path\":\"/v1/tickets/{id}/close\",\"verb\":\"ADMIN\"}]}";

  @Test
  void aToolIsAddedListedAndRemovedAndEachChangeIsAuditedAndReloaded() throws Exception {
    int reloads = changes.get();
    HttpResponse<String> created = post("/api/v1/tools", bearer(), ACME);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode tool = json.readTree(created.body()).get("data");
    assertThat(tool.get("name").asText()).isEqualTo("acme");
    assertThat(tool.get("description").asText()).isEqualTo("Acme tickets");
    assertThat(tool.at("/document/operations/1/verb").asText()).isEqualTo("ADMIN");
    assertThat(changes.get()).isEqualTo(reloads + 1);

    HttpResponse<String> yaml = call("POST", "/api/v1/tools", bearer(),
        "tool: zeta\nhosts: [zeta.example]\noperations:\n  - {name: ping, path: /ping}\n", "application/yaml");
    assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(201);

    JsonNode page = json.readTree(get("/api/v1/tools?limit=1", bearer()).body());
    assertThat(page.get("data")).extracting(t -> t.get("name").asText()).containsExactly("acme");
    assertThat(page.at("/meta/total").asInt()).isEqualTo(2);
    JsonNode rest = json.readTree(get("/api/v1/tools?limit=1&cursor=" + page.at("/meta/next_cursor").asText(),
        bearer()).body());
    assertThat(rest.get("data")).extracting(t -> t.get("name").asText()).containsExactly("zeta");
    assertThat(json.readTree(get("/api/v1/tools/zeta", bearer()).body()).at("/data/document/hosts/0").asText())
        .isEqualTo("zeta.example");

    assertError(post("/api/v1/tools", bearer(), ACME), 409, "conflict", null);

    HttpResponse<String> deleted = call("DELETE", "/api/v1/tools/acme", bearer(), null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertError(call("DELETE", "/api/v1/tools/acme", bearer(), null), 404, "not_found", null);
    assertError(get("/api/v1/tools/acme", bearer()), 404, "not_found", null);
    assertThat(changes.get()).isEqualTo(reloads + 3);

    JsonNode audit = json.readTree(get("/api/v1/audit", bearer()).body()).get("data");
    assertThat(audit).extracting(e -> e.get("action").asText() + " " + e.get("target_id").asText())
        .containsExactly("tool.delete acme", "tool.create zeta", "tool.create acme");
    assertThat(audit.get(0).at("/before/document/tool").asText()).isEqualTo("acme");
    assertThat(audit.get(0).get("after").isNull()).isTrue();
    assertThat(audit.get(2).get("env").isNull()).isTrue();
  }

  @Test
  void anInvalidEntryIsRefusedWithItsField() throws Exception {
    assertError(post("/api/v1/tools", bearer(), "{\"tool\":\"Bad Name\",\"hosts\":[\"a.example\"]}"), 422,
        "invalid_tool", "tool");
    assertError(post("/api/v1/tools", bearer(), "{\"tool\":\"t\",\"hosts\":[]}"), 422, "invalid_tool", "hosts");
    assertError(post("/api/v1/tools", bearer(), "{\"tool\":\"t\",\"hosts\":[\"a.example\"],\"operations\":"
        + "[{\"name\":\"x\",\"path\":\"no-slash\"}]}"), 422, "invalid_tool", "operations[0].path");
    assertError(post("/api/v1/tools", bearer(), "{\"tool\":\"t\",\"hosts\":[\"a.example\"],\"operations\":"
        + "[{\"name\":\"x\",\"path\":\"/a\",\"verb\":\"DELETE\"}]}"), 422, "invalid_tool", "operations[0].verb");
    assertError(post("/api/v1/tools", bearer(), "{\"tool\":\"t\",\"hosts\":[\"a.example\"],\"colour\":\"red\"}"),
        422, "invalid_tool", "colour");
    HttpResponse<String> r = post("/api/v1/tools", bearer(), "{\"tool\":\"t\",\"hosts\":[\"\"]}");
    assertError(r, 422, "invalid_tool", "hosts[0]");
    assertThat(json.readTree(r.body()).at("/error/message").asText())
        .isEqualTo("hosts[0]: \"\" (expected: a host name or glob)");
    assertError(post("/api/v1/tools", bearer(), "[1]"), 422, "invalid_tool", "");
    assertError(post("/api/v1/tools", bearer(), "{"), 400, "invalid_json", null);
    assertThat(json.readTree(get("/api/v1/tools", bearer()).body()).at("/meta/total").asInt()).isZero();
  }

  @Test
  void onlyTenantWideWritersChangeTheCatalog() throws Exception {
    store.environments().create(Environment.of("dev", "Dev"));
    var key = store.adminTokens().create("admin", "dev admin");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE admin_tokens SET env = 'dev' WHERE id = ?")) {
      ps.setString(1, key.id());
      ps.executeUpdate();
    }
    String scoped = "Bearer " + key.secret();
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();
    assertError(post("/api/v1/tools", scoped, ACME), 403, "forbidden", null);
    assertError(post("/api/v1/tools", auditor, ACME), 403, "forbidden", null);
    assertThat(post("/api/v1/tools", bearer(), ACME).statusCode()).isEqualTo(201);
    assertThat(get("/api/v1/tools", scoped).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/tools", auditor).statusCode()).isEqualTo(200);
    assertError(call("DELETE", "/api/v1/tools/acme", scoped, null), 403, "forbidden", null);
  }
}
