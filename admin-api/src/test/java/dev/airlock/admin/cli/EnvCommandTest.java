package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EnvCommandTest {
  private static final String DEFAULT_ENV =
      "{\"slug\":\"default\",\"name\":\"Default\",\"description\":\"\",\"is_production\":false,"
          + "\"enforcement_mode\":\"enforce\",\"default_action\":\"ALLOW\","
          + "\"created_at\":\"2026-03-01T10:00:00.123456Z\"}";
  private static final String PRODUCTION_ENV =
      "{\"slug\":\"production\",\"name\":\"Production\",\"description\":\"Live\","
          + "\"is_production\":true,\"enforcement_mode\":\"monitor\",\"default_action\":\"DENY\","
          + "\"created_at\":\"2026-03-02T08:30:00Z\"}";

  @RegisterExtension final RecordingApiServer server = RecordingApiServer.perTest();

  @Test
  void listPrintsATable() {
    server.reply("GET", "/api/v1/environments", 200,
        RecordingApiServer.list("[" + DEFAULT_ENV + "," + PRODUCTION_ENV + "]", 2));

    Cli.Result result = Cli.run(Cli.environment(server), "env", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo(
        "SLUG        NAME        PRODUCTION  MODE     DEFAULT ACTION  CREATED\n"
            + "default     Default     no          enforce  ALLOW           2026-03-01T10:00:00Z\n"
            + "production  Production  yes         monitor  DENY            2026-03-02T08:30:00Z\n");
    RecordingApiServer.Received received = server.only();
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.path()).isEqualTo("/api/v1/environments");
    assertThat(received.rawQuery()).isNull();
    assertThat(received.authorization()).isEqualTo("Bearer test-token");
  }

  @Test
  void listAsJsonPrintsTheDataArray() {
    server.reply("GET", "/api/v1/environments", 200,
        RecordingApiServer.list("[" + DEFAULT_ENV + "]", 1));

    Cli.Result result = Cli.run(Cli.environment(server), "env", "list", "-o", "json");

    assertThat(result.out()).startsWith("[\n  {\n    \"slug\": \"default\",\n");
    assertThat(result.out()).endsWith("  }\n]\n").doesNotContain("request_id");
  }

  @Test
  void emptyListSaysSoOnStderr() {
    server.reply("GET", "/api/v1/environments", 200, RecordingApiServer.list("[]", 0));

    Cli.Result result = Cli.run(Cli.environment(server), "env", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("No environments.\n");
  }

  @Test
  void createPostsTheEnvironmentAndShowsIt() {
    server.reply("POST", "/api/v1/environments", 201, RecordingApiServer.data(PRODUCTION_ENV));

    Cli.Result result = Cli.run(Cli.environment(server), "env", "create", "production",
        "--name", "Production", "--production", "--mode", "MONITOR", "--default-action", "deny");

    assertThat(result.exitCode()).isZero();
    RecordingApiServer.Received received = server.only();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.path()).isEqualTo("/api/v1/environments");
    assertThat(received.contentType()).isEqualTo("application/json");
    assertThat(received.body()).isEqualTo("{\"slug\":\"production\",\"name\":\"Production\","
        + "\"is_production\":true,\"enforcement_mode\":\"monitor\",\"default_action\":\"DENY\"}");
    assertThat(result.out()).isEqualTo(
        "Created environment 'production'.\n"
            + "Slug:             production\n"
            + "Name:             Production\n"
            + "Description:      Live\n"
            + "Production:       yes\n"
            + "Enforcement mode: monitor\n"
            + "Default action:   DENY\n"
            + "Created:          2026-03-02T08:30:00Z\n");
  }

  @Test
  void createSendsDefaultsAndLeavesTheNameToTheServer() {
    server.reply("POST", "/api/v1/environments", 201, RecordingApiServer.data(DEFAULT_ENV));

    Cli.run(Cli.environment(server), "env", "create", "staging");

    assertThat(server.only().body()).isEqualTo("{\"slug\":\"staging\",\"is_production\":false,"
        + "\"enforcement_mode\":\"enforce\",\"default_action\":\"ALLOW\"}");
  }

  @Test
  void createRejectedByTheServerPrintsCodeMessageAndField() {
    server.reply("POST", "/api/v1/environments", 422, RecordingApiServer.error("invalid_slug",
        "slug: \"Prod\" (expected: ^[a-z][a-z0-9-]{1,49}$)", "slug"));

    Cli.Result result = Cli.run(Cli.environment(server), "env", "create", "Prod");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("airlock: invalid_slug: slug: \"Prod\" (expected:"
        + " ^[a-z][a-z0-9-]{1,49}$) (field: slug)\n");
  }

  @Test
  void createDuplicateIsAConflict() {
    server.reply("POST", "/api/v1/environments", 409,
        RecordingApiServer.error("conflict", "environment 'default' already exists", null));

    Cli.Result result = Cli.run(Cli.environment(server), "env", "create", "default");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("airlock: conflict: environment 'default' already exists\n");
  }

  @Test
  void getShowsOneEnvironment() {
    server.reply("GET", "/api/v1/environments/production", 200,
        RecordingApiServer.data(PRODUCTION_ENV));

    Cli.Result result = Cli.run(Cli.environment(server), "env", "get", "production");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Slug:             production\n")
        .contains("Production:       yes\n");
    assertThat(server.only().path()).isEqualTo("/api/v1/environments/production");
  }

  @Test
  void getUnknownIsNotFound() {
    server.reply("GET", "/api/v1/environments/nope", 404,
        RecordingApiServer.error("not_found", "environment 'nope' not found", null));

    Cli.Result result = Cli.run(Cli.environment(server), "env", "get", "nope", "-o", "json");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("airlock: not_found: environment 'nope' not found\n");
  }
}
