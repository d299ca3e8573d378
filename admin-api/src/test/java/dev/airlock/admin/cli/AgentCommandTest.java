package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentCommandTest {
  private static final String AGENT =
      "{\"id\":\"agt_01HX\",\"name\":\"ci-bot\",\"env\":\"production\",\"runtime_type\":\"custom\","
          + "\"status\":\"active\",\"created_at\":\"2026-03-01T10:00:00Z\"}";
  private static final String CREATED =
      "{\"agent\":" + AGENT + ",\"key\":{\"id\":\"key_9Q\",\"secret\":\"ak_live_7hS2x\"}}";

  @RegisterExtension final RecordingApiServer server = RecordingApiServer.perTest();

  @Test
  void listFiltersByEnvironmentAndPrintsATable() {
    server.reply("GET", "/api/v1/agents", 200, RecordingApiServer.list("[" + AGENT + "]", 1));

    Cli.Result result = Cli.run(Cli.environment(server), "agent", "list", "--env", "production");

    assertThat(result.exitCode()).isZero();
    assertThat(server.only().query()).containsExactly(java.util.Map.entry("env", "production"));
    assertThat(result.out()).isEqualTo(
        "ID        NAME    ENV         RUNTIME  STATUS  CREATED\n"
            + "agt_01HX  ci-bot  production  custom   active  2026-03-01T10:00:00Z\n");
  }

  @Test
  void listWithoutEnvironmentSendsNoQuery() {
    server.reply("GET", "/api/v1/agents", 200, RecordingApiServer.list("[]", 0));

    Cli.Result result = Cli.run(Cli.environment(server), "agent", "list");

    assertThat(server.only().rawQuery()).isNull();
    assertThat(result.err()).isEqualTo("No agents.\n");
  }

  @Test
  void createPrintsTheKeyOnceWithAWarning() {
    server.reply("POST", "/api/v1/agents", 201, RecordingApiServer.data(CREATED));

    Cli.Result result = Cli.run(Cli.environment(server), "agent", "create", "ci-bot",
        "--env", "production", "--runtime-type", "langchain");

    assertThat(result.exitCode()).isZero();
    RecordingApiServer.Received received = server.only();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.path()).isEqualTo("/api/v1/agents");
    assertThat(received.authorization()).isEqualTo("Bearer test-token");
    assertThat(received.body())
        .isEqualTo("{\"name\":\"ci-bot\",\"env\":\"production\",\"runtime_type\":\"langchain\"}");
    assertThat(result.out()).isEqualTo(
        "Created agent 'ci-bot' (agt_01HX) in environment 'production'.\n"
            + "Key id: key_9Q\n"
            + "Key:    ak_live_7hS2x\n");
    assertThat(result.out().split("ak_live_7hS2x", -1)).hasSize(2);
    assertThat(result.err())
        .isEqualTo("Warning: this key will not be shown again. Store it now.\n");
  }

  @Test
  void createAsJsonPrintsAgentAndKeyAndWarnsOnStderr() {
    server.reply("POST", "/api/v1/agents", 201, RecordingApiServer.data(CREATED));

    Cli.Result result = Cli.run(Cli.environment(server), "agent", "create", "ci-bot",
        "--env", "production", "-o", "json");

    assertThat(server.only().body()).contains("\"runtime_type\":\"custom\"");
    assertThat(result.out()).contains("\"secret\": \"ak_live_7hS2x\"", "\"id\": \"agt_01HX\"");
    assertThat(result.err()).contains("will not be shown again");
  }

  @Test
  void createDuplicateNameFails() {
    server.reply("POST", "/api/v1/agents", 409, RecordingApiServer.error("conflict",
        "agent 'ci-bot' already exists in env 'production'", "name"));

    Cli.Result result =
        Cli.run(Cli.environment(server), "agent", "create", "ci-bot", "--env", "production");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("airlock: conflict: agent 'ci-bot' already exists in env"
        + " 'production' (field: name)\n");
  }
}
