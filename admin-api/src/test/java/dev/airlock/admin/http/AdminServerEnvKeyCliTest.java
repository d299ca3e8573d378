package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code airlock env update|delete} and {@code airlock key create|list|revoke} against a real server. */
class AdminServerEnvKeyCliTest extends AdminServerTestBase {
  private Map<String, String> cli() {
    return cli(token);
  }

  private static Map<String, String> cli(String secret) {
    return Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", secret);
  }

  @Test
  void envUpdateChangesTheGivenSettings() throws Exception {
    createEnv("staging");

    Cli.Result r = Cli.run(cli(), "env", "update", "staging", "--name", "Staging EU", "--description", "pre-prod",
        "--production", "--mode", "monitor", "--default-action", "deny", "--approval-hold", "40", "--scrutiny", "1.5");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Updated environment 'staging'.\n").contains("Name:             Staging EU\n")
        .contains("Production:       yes\n").contains("Approval hold:    40s\n").contains("Scrutiny:         x1.5\n");
    JsonNode env = envJson("staging");
    assertThat(env.get("description").asText()).isEqualTo("pre-prod");
    assertThat(env.get("is_production").asBoolean()).isTrue();
    assertThat(env.get("enforcement_mode").asText()).isEqualTo("monitor");
    assertThat(env.get("default_action").asText()).isEqualTo("DENY");
    assertThat(env.get("approval_hold_seconds").asInt()).isEqualTo(40);
    assertThat(env.get("scrutiny_multiplier").asDouble()).isEqualTo(1.5);

    Cli.Result off = Cli.run(cli(), "env", "update", "staging", "--no-production", "-o", "json");
    assertThat(off.exitCode()).as(off.err()).isZero();
    assertThat(json.readTree(off.out()).get("is_production").asBoolean()).isFalse();
    assertThat(envJson("staging").get("name").asText()).isEqualTo("Staging EU");
  }

  @Test
  void envUpdateUsageAndApiErrors() throws Exception {
    createEnv("staging");
    Cli.Result nothing = Cli.run(cli(), "env", "update", "staging");
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.err()).startsWith("airlock: Nothing to change:");
    Cli.Result badMode = Cli.run(cli(), "env", "update", "staging", "--mode", "loud");
    assertThat(badMode.exitCode()).isEqualTo(2);
    Cli.Result badHold = Cli.run(cli(), "env", "update", "staging", "--approval-hold", "soon");
    assertThat(badHold.exitCode()).isEqualTo(2);

    Cli.Result invalid = Cli.run(cli(), "env", "update", "staging", "--approval-hold", "-5");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.err()).isEqualTo("airlock: invalid_field: approval_hold_seconds: -5 (expected: >= 0)"
        + " (field: approval_hold_seconds)\n");
    Cli.Result missing = Cli.run(cli(), "env", "update", "nope", "--name", "x");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("airlock: not_found: environment not found: nope\n");

    call("PATCH", "/api/v1/environments/staging", bearer(), "{\"is_production\":true}");
    Cli.Result admin = Cli.run(cli(createKey("admin", null)), "env", "update", "staging", "--no-production");
    assertThat(admin.exitCode()).isEqualTo(1);
    assertThat(admin.err()).startsWith("airlock: forbidden: ").contains("owner role").doesNotContain("\n\n")
        .hasLineCount(1);
    assertThat(envJson("staging").get("is_production").asBoolean()).isTrue();
  }

  @Test
  void envDeleteAsksForYesThenDeletes() throws Exception {
    createEnv("qa");

    Cli.Result unconfirmed = Cli.run(cli(), "env", "delete", "qa");
    assertThat(unconfirmed.exitCode()).isEqualTo(2);
    assertThat(unconfirmed.err()).contains("add --yes to confirm");
    assertThat(get("/api/v1/environments/qa", bearer()).statusCode()).isEqualTo(200);

    Cli.Result deleted = Cli.run(cli(), "env", "delete", "qa", "--yes");
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out()).isEqualTo(
        "Deleted environment 'qa' with 0 suspended agents, 0 policies and 0 admin keys.\n");
    assertThat(get("/api/v1/environments/qa", bearer()).statusCode()).isEqualTo(404);

    Cli.Result last = Cli.run(cli(), "env", "delete", "default", "--yes");
    assertThat(last.exitCode()).isEqualTo(1);
    assertThat(last.err()).startsWith("airlock: last_environment: ").hasLineCount(1);
    Cli.Result noSlug = Cli.run(cli(), "env", "delete", "--yes");
    assertThat(noSlug.exitCode()).isEqualTo(2);
  }

  @Test
  void keyCreatePrintsTheSecretOnceAndTheKeyWorks() throws Exception {
    createEnv("staging");

    Cli.Result r = Cli.run(cli(), "key", "create", "--name", "siem-reader", "--role", "auditor", "--env", "staging");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Created admin key 'siem-reader' (tok_")
        .contains("), role auditor, limited to environment 'staging'.\n");
    String secret = r.out().lines().filter(l -> l.startsWith("Key: ")).findFirst().orElseThrow().substring(5);
    assertThat(secret).startsWith("alt_");
    assertThat(r.err()).contains("shown only once");
    HttpResponse<String> envs = get("/api/v1/environments", "Bearer " + secret);
    assertThat(json.readTree(envs.body()).at("/meta/total").asInt()).isEqualTo(1);

    Cli.Result asJson = Cli.run(cli(), "key", "create", "--name", "ci", "--role", "ADMIN", "-o", "json");
    assertThat(asJson.exitCode()).as(asJson.err()).isZero();
    JsonNode key = json.readTree(asJson.out());
    assertThat(key.get("secret").asText()).startsWith("alt_");
    assertThat(key.get("role").asText()).isEqualTo("admin");
    assertThat(key.get("env").isNull()).isTrue();
  }

  @Test
  void keyCreateUsageAndApiErrors() throws Exception {
    Cli.Result noRole = Cli.run(cli(), "key", "create", "--name", "x");
    assertThat(noRole.exitCode()).isEqualTo(2);
    assertThat(noRole.err()).contains("--role");
    Cli.Result badRole = Cli.run(cli(), "key", "create", "--name", "x", "--role", "root");
    assertThat(badRole.exitCode()).isEqualTo(2);
    Cli.Result noName = Cli.run(cli(), "key", "create", "--role", "admin");
    assertThat(noName.exitCode()).isEqualTo(2);

    Cli.Result unknownEnv = Cli.run(cli(), "key", "create", "--name", "x", "--role", "admin", "--env", "nowhere");
    assertThat(unknownEnv.exitCode()).isEqualTo(1);
    assertThat(unknownEnv.err()).isEqualTo(
        "airlock: unknown_environment: env: \"nowhere\" (no such environment) (field: env)\n");
    Cli.Result notOwner = Cli.run(cli(createKey("admin", null)), "key", "create", "--name", "x", "--role", "owner");
    assertThat(notOwner.exitCode()).isEqualTo(1);
    assertThat(notOwner.err()).startsWith("airlock: forbidden: ").hasLineCount(1);
  }

  @Test
  void keyListShowsKeysWithoutSecrets() throws Exception {
    createEnv("staging");
    String scopedSecret = createKey("auditor", "staging");

    Cli.Result all = Cli.run(cli(), "key", "list");
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out()).startsWith("ID ").contains("NAME").contains("LAST USED").contains("auditor-key")
        .contains("staging").contains("test").contains("(all)").doesNotContain(scopedSecret).doesNotContain(token);
    assertThat(all.out().lines().count()).isEqualTo(3);

    Cli.Result staging = Cli.run(cli(), "key", "list", "--env", "staging");
    assertThat(staging.exitCode()).isZero();
    assertThat(staging.out().lines().count()).isEqualTo(2);
    assertThat(staging.out()).contains("auditor-key").doesNotContain(" test ");

    Cli.Result paged = Cli.run(cli(), "key", "list", "--limit", "1");
    assertThat(paged.out().lines().count()).isEqualTo(2);
    assertThat(paged.err()).startsWith("More keys: add --cursor ");
    assertThat(Cli.run(cli(), "key", "list", "--limit", "0").exitCode()).isEqualTo(2);
    Cli.Result scoped = Cli.run(cli(scopedSecret), "key", "list");
    assertThat(scoped.exitCode()).isEqualTo(1);
    assertThat(scoped.err()).startsWith("airlock: forbidden: ").hasLineCount(1);
  }

  @Test
  void keyRevokeStopsTheKey() throws Exception {
    String secret = createKey("admin", null);
    String id = store.adminTokens().principalOf(secret).orElseThrow().keyId();

    Cli.Result r = Cli.run(cli(), "key", "revoke", id);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Revoked admin key " + id + " ('admin-key').\n");
    assertThat(Cli.run(cli(secret), "env", "list").exitCode()).isEqualTo(1);

    String ownerId = store.adminTokens().principalOf(token).orElseThrow().keyId();
    Cli.Result last = Cli.run(cli(), "key", "revoke", ownerId);
    assertThat(last.exitCode()).isEqualTo(1);
    assertThat(last.err()).startsWith("airlock: last_owner_key: ").hasLineCount(1);
    assertThat(Cli.run(cli(), "key", "revoke").exitCode()).isEqualTo(2);
    Cli.Result unknown = Cli.run(cli(), "key", "revoke", "tok_nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("airlock: not_found: admin key not found: tok_nope\n");
  }

  private void createEnv(String slug) throws Exception {
    HttpResponse<String> r = post("/api/v1/environments", bearer(), "{\"slug\":\"" + slug + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private JsonNode envJson(String slug) throws Exception {
    return json.readTree(get("/api/v1/environments/" + slug, bearer()).body()).get("data");
  }

  private String createKey(String role, String env) throws Exception {
    HttpResponse<String> r = post("/api/v1/api-keys", bearer(), "{\"name\":\"" + role + "-key\",\"role\":\"" + role
        + "\"" + (env == null ? "" : ",\"env\":\"" + env + "\"") + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json.readTree(r.body()).at("/data/secret").asText();
  }
}
