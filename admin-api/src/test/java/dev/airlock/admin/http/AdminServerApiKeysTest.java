package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Secrets;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/api-keys}: creating, listing and revoking admin keys, and who may. */
class AdminServerApiKeysTest extends AdminServerTestBase {
  @Test
  void aNewKeyIsShownOnceStoredAsAHashAndWorks() throws Exception {
    HttpResponse<String> r = post("/api/v1/api-keys", bearer(), "{\"name\":\"ci-deploy\",\"role\":\"admin\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode key = data(r);
    String secret = key.get("secret").asText();
    String id = key.get("id").asText();
    assertThat(secret).startsWith("alt_").hasSize(47);
    assertThat(id).startsWith("tok_");
    assertThat(key.get("name").asText()).isEqualTo("ci-deploy");
    assertThat(key.get("role").asText()).isEqualTo("admin");
    assertThat(key.get("env").isNull()).isTrue();
    assertThat(key.get("revoked_at").isNull()).isTrue();

    // The database holds the SHA-256 of the secret and nothing from which the secret could be read.
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT token_hash, row_to_json(t)::text AS row"
            + " FROM admin_tokens t WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes("token_hash")).isEqualTo(Secrets.sha256(secret));
        assertThat(rs.getString("row")).doesNotContain(secret).doesNotContain(secret.substring(4));
      }
    }
    assertThat(dump("SELECT string_agg(row_to_json(a)::text, '') FROM audit_events a")).doesNotContain(secret)
        .contains(id);

    // Never shown again: neither by id nor in the list.
    HttpResponse<String> one = get("/api/v1/api-keys/" + id, bearer());
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(data(one).has("secret")).isFalse();
    assertThat(one.body()).doesNotContain(secret);
    HttpResponse<String> list = get("/api/v1/api-keys", bearer());
    assertThat(list.body()).doesNotContain(secret).doesNotContain("token_hash");
    assertThat(data(list)).allSatisfy(k -> assertThat(k.has("secret")).isFalse());

    assertThat(get("/api/v1/environments", "Bearer " + secret).statusCode()).isEqualTo(200);
    JsonNode event = lastAuditEvent();
    assertThat(event.get("action").asText()).isEqualTo("api_key.create");
    assertThat(event.get("target_type").asText()).isEqualTo("api_key");
    assertThat(event.get("target_id").asText()).isEqualTo(id);
    assertThat(event.get("actor_key_id").asText()).isEqualTo(ownerKeyId());
    assertThat(event.get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(event.at("/after/role").asText()).isEqualTo("admin");
    assertThat(event.get("before").isNull()).isTrue();
  }

  @Test
  void anEnvironmentScopedKeyIsLimitedToAnExistingEnvironment() throws Exception {
    HttpResponse<String> r = post("/api/v1/api-keys", bearer(),
        "{\"name\":\"reader\",\"role\":\"auditor\",\"env\":\"default\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(data(r).get("env").asText()).isEqualTo("default");
    assertThat(lastAuditEvent().get("env").asText()).isEqualTo("default");

    assertError(post("/api/v1/api-keys", bearer(), "{\"name\":\"x\",\"role\":\"admin\",\"env\":\"nowhere\"}"), 422,
        "unknown_environment", "env");
    assertError(post("/api/v1/api-keys", bearer(), "{\"name\":\"x\",\"role\":\"admin\",\"env\":\"Bad Env\"}"), 422,
        "unknown_environment", "env");
  }

  @Test
  void creationIsValidated() throws Exception {
    long audited = auditTotal();
    assertError(post("/api/v1/api-keys", bearer(), "{\"role\":\"admin\"}"), 422, "invalid_field", "name");
    assertError(post("/api/v1/api-keys", bearer(), "{\"name\":\" \",\"role\":\"admin\"}"), 422, "invalid_field",
        "name");
    assertError(post("/api/v1/api-keys", bearer(), "{\"name\":\"x\"}"), 422, "invalid_role", "role");
    assertError(post("/api/v1/api-keys", bearer(), "{\"name\":\"x\",\"role\":\"root\"}"), 422, "invalid_role", "role");
    assertError(post("/api/v1/api-keys", bearer(), "{\"name\":\"x\",\"role\":\"admin\",\"secret\":\"mine\"}"), 422,
        "unknown_field", "secret");
    assertError(post("/api/v1/api-keys", bearer(), "[]"), 400, "invalid_json", null);
    assertError(call("PATCH", "/api/v1/api-keys", bearer(), "{}"), 405, "method_not_allowed", null);
    assertThat(auditTotal()).isEqualTo(audited);
    assertThat(keyCount()).isEqualTo(1);
  }

  @Test
  void onlyAnOwnerCreatesOrRevokesOwnerKeys() throws Exception {
    String admin = "Bearer " + createKey("admin", null).get("secret").asText();
    String ownerKey = createKey("owner", null).get("id").asText();

    assertError(post("/api/v1/api-keys", admin, "{\"name\":\"x\",\"role\":\"owner\"}"), 403, "forbidden", null);
    assertError(call("DELETE", "/api/v1/api-keys/" + ownerKey, admin, null), 403, "forbidden", null);
    assertThat(data(get("/api/v1/api-keys/" + ownerKey, bearer())).get("revoked_at").isNull()).isTrue();

    JsonNode auditor = data(post("/api/v1/api-keys", admin, "{\"name\":\"reader\",\"role\":\"auditor\"}"));
    assertThat(auditor.get("role").asText()).isEqualTo("auditor");
    HttpResponse<String> revoked = call("DELETE", "/api/v1/api-keys/" + auditor.get("id").asText(), admin, null);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(call("DELETE", "/api/v1/api-keys/" + ownerKey, bearer(), null).statusCode()).isEqualTo(200);
  }

  @Test
  void aRevokedKeyIsRefusedAtOnceAndTheRevocationIsAudited() throws Exception {
    JsonNode key = createKey("admin", null);
    String auth = "Bearer " + key.get("secret").asText();
    String id = key.get("id").asText();
    assertThat(get("/api/v1/environments", auth).statusCode()).isEqualTo(200); // now cached as valid

    HttpResponse<String> r = call("DELETE", "/api/v1/api-keys/" + id, bearer(), null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(data(r).get("revoked_at").isTextual()).isTrue();
    assertError(get("/api/v1/environments", auth), 401, "unauthorized", null);
    JsonNode event = lastAuditEvent();
    assertThat(event.get("action").asText()).isEqualTo("api_key.revoke");
    assertThat(event.get("target_id").asText()).isEqualTo(id);
    assertThat(event.get("actor_key_id").asText()).isEqualTo(ownerKeyId());
    assertThat(event.get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(event.at("/before/revoked_at").isNull()).isTrue();
    assertThat(event.at("/after/revoked_at").isTextual()).isTrue();

    assertError(call("DELETE", "/api/v1/api-keys/" + id, bearer(), null), 409, "already_revoked", null);
    assertError(call("DELETE", "/api/v1/api-keys/tok_nope", bearer(), null), 404, "not_found", null);
  }

  @Test
  void theLastTenantWideOwnerKeyCannotBeRevoked() throws Exception {
    String first = ownerKeyId();
    createKey("owner", "default"); // an environment-scoped owner cannot manage keys: it does not count
    long audited = auditTotal();

    assertError(call("DELETE", "/api/v1/api-keys/" + first, bearer(), null), 409, "last_owner_key", null);
    assertThat(get("/api/v1/environments", bearer()).statusCode()).isEqualTo(200);
    assertThat(auditTotal()).isEqualTo(audited);

    JsonNode second = createKey("owner", null);
    assertThat(call("DELETE", "/api/v1/api-keys/" + first, bearer(), null).statusCode()).isEqualTo(200);
    String secondAuth = "Bearer " + second.get("secret").asText();
    assertError(call("DELETE", "/api/v1/api-keys/" + second.get("id").asText(), secondAuth, null), 409,
        "last_owner_key", null);
    assertThat(get("/api/v1/api-keys", secondAuth).statusCode()).isEqualTo(200);
  }

  @Test
  void onlyTenantWideKeysSeeOrManageKeys() throws Exception {
    JsonNode scoped = createKey("owner", "default");
    String auth = "Bearer " + scoped.get("secret").asText();
    assertError(get("/api/v1/api-keys", auth), 403, "forbidden", null);
    assertError(get("/api/v1/api-keys/" + scoped.get("id").asText(), auth), 403, "forbidden", null);
    assertError(post("/api/v1/api-keys", auth, "{\"name\":\"x\",\"role\":\"admin\",\"env\":\"default\"}"), 403,
        "forbidden", null);
    assertError(call("DELETE", "/api/v1/api-keys/" + scoped.get("id").asText(), auth, null), 403, "forbidden", null);

    String auditor = "Bearer " + createKey("auditor", null).get("secret").asText();
    assertThat(get("/api/v1/api-keys", auditor).statusCode()).isEqualTo(200);
    assertError(post("/api/v1/api-keys", auditor, "{\"name\":\"x\",\"role\":\"auditor\"}"), 403, "forbidden", null);
    assertError(call("DELETE", "/api/v1/api-keys/" + scoped.get("id").asText(), auditor, null), 403, "forbidden",
        null);
    assertThat(keyCount()).isEqualTo(3);
  }

  @Test
  void listIsNewestFirstPagedFilteredAndCountsEveryMatch() throws Exception {
    post("/api/v1/environments", bearer(), "{\"slug\":\"staging\"}");
    createKey("admin", "staging");
    createKey("auditor", "staging");
    createKey("auditor", null);
    execute("UPDATE admin_tokens SET created_at = '2020-01-01T00:00:00Z' WHERE name = 'test'");

    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = json.readTree(get("/api/v1/api-keys?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
          bearer()).body());
      assertThat(page.at("/meta/total").asInt()).isEqualTo(4);
      page.get("data").forEach(k -> names.add(k.get("name").asText()));
      cursor = page.at("/meta/next_cursor").isMissingNode() ? null : page.at("/meta/next_cursor").asText();
    } while (cursor != null);
    assertThat(names).containsExactly("auditor-key", "auditor-key", "admin-key", "test");

    JsonNode staging = json.readTree(get("/api/v1/api-keys?env=staging", bearer()).body());
    assertThat(staging.at("/meta/total").asInt()).isEqualTo(2);
    assertThat(staging.get("data")).allSatisfy(k -> assertThat(k.get("env").asText()).isEqualTo("staging"));
    String until = URLEncoder.encode("2020-01-02T00:00:00Z", StandardCharsets.UTF_8);
    assertThat(json.readTree(get("/api/v1/api-keys?until=" + until, bearer()).body()).at("/meta/total").asInt())
        .isEqualTo(1);
    assertThat(json.readTree(get("/api/v1/api-keys?since=1h", bearer()).body()).at("/meta/total").asInt())
        .isEqualTo(3);
    assertError(get("/api/v1/api-keys?cursor=zzz", bearer()), 400, "invalid_parameter", "cursor");
    assertError(get("/api/v1/api-keys?limit=5000", bearer()), 400, "invalid_parameter", "limit");
  }

  @Test
  void lastUsedIsRecordedAtMostOnceAMinutePerKey() throws Exception {
    JsonNode key = createKey("auditor", null);
    String auth = "Bearer " + key.get("secret").asText();
    String id = key.get("id").asText();
    assertThat(data(get("/api/v1/api-keys/" + id, bearer())).get("last_used_at").isNull()).isTrue();

    assertThat(get("/api/v1/environments", auth).statusCode()).isEqualTo(200);
    assertThat(data(get("/api/v1/api-keys/" + id, bearer())).get("last_used_at").isTextual()).isTrue();

    execute("UPDATE admin_tokens SET last_used_at = '2020-01-01T00:00:00Z' WHERE id = '" + id + "'");
    assertThat(get("/api/v1/environments", auth).statusCode()).isEqualTo(200);
    assertThat(data(get("/api/v1/api-keys/" + id, bearer())).get("last_used_at").asText())
        .isEqualTo("2020-01-01T00:00:00Z");
  }

  private JsonNode createKey(String role, String env) throws Exception {
    HttpResponse<String> r = post("/api/v1/api-keys", bearer(), "{\"name\":\"" + role + "-key\",\"role\":\"" + role
        + "\"" + (env == null ? "" : ",\"env\":\"" + env + "\"") + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return data(r);
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

  private static long keyCount() throws Exception {
    return Long.parseLong(dump("SELECT count(*)::text FROM admin_tokens"));
  }

  private static JsonNode data(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body()).get("data");
  }

  private static String dump(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return String.valueOf(rs.getString(1));
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
