package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TraceCommandTest {
  private static final String DENIED =
      "{\"id\":\"trc_1\",\"time\":\"2026-03-01T10:15:30.456Z\",\"env\":\"default\","
          + "\"agent\":\"local-agent\",\"key_id\":\"key_1\",\"tool\":\"slack\","
          + "\"operation\":\"post_message\",\"verb\":\"WRITE\",\"method\":\"POST\","
          + "\"host\":\"slack.com\",\"path\":\"/api/chat.postMessage\",\"status\":403,"
          + "\"decision\":\"DENY\",\"enforced_action\":\"DENY\",\"reasons\":[\"SECRET_DETECTED\"],"
          + "\"rule\":\"block-secrets-external/deny-secrets\",\"risk_score\":0.4,"
          + "\"severity\":\"HIGH\",\"data_classes\":[\"SECRETS.aws_access_key\"],\"bytes_in\":123,"
          + "\"bytes_out\":456,\"policy_us\":35,\"upstream_ms\":-1}";
  private static final String MONITORED =
      "{\"id\":\"trc_2\",\"time\":\"2026-03-01T10:14:00Z\",\"env\":\"staging\","
          + "\"agent\":\"ci-bot\",\"tool\":\"github\",\"operation\":\"git_push\",\"method\":\"POST\","
          + "\"host\":\"github.com\",\"path\":\"/acme/app.git/git-receive-pack?service=very-long"
          + "-query-string-that-goes-on\",\"status\":-1,\"decision\":\"DENY\","
          + "\"enforced_action\":\"ALLOW\",\"reasons\":[\"FORCE_PUSH\",\"PROTECTED_BRANCH\"]}";

  @RegisterExtension final RecordingApiServer server = RecordingApiServer.perTest();

  @Test
  void listSendsEveryFilterAndPrintsATable() {
    server.reply("GET", "/api/v1/traces", 200,
        RecordingApiServer.list("[" + DENIED + "," + MONITORED + "]", 2));

    Cli.Result result = Cli.run(Cli.environment(server), "trace", "list", "--env", "default",
        "--since", "15m", "--until", "2026-03-01T11:00:00Z", "--decision", "deny",
        "--agent", "local-agent", "--tool", "slack", "--limit", "20");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    RecordingApiServer.Received received = server.only();
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.path()).isEqualTo("/api/v1/traces");
    assertThat(received.authorization()).isEqualTo("Bearer test-token");
    assertThat(received.query()).containsExactly(
        Map.entry("env", "default"),
        Map.entry("since", "15m"),
        Map.entry("until", "2026-03-01T11:00:00Z"),
        Map.entry("decision", "DENY"),
        Map.entry("agent", "local-agent"),
        Map.entry("tool", "slack"),
        Map.entry("limit", "20"));
    assertThat(result.out().lines()).containsExactly(
        "TIME                  ENV      AGENT        DECISION                TOOL.OPERATION    "
            + "  METHOD HOST PATH                                              STATUS  REASONS",
        "2026-03-01T10:15:30Z  default  local-agent  DENY                    slack.post_message"
            + "  POST slack.com /api/chat.postMessage                          403     "
            + "SECRET_DETECTED",
        "2026-03-01T10:14:00Z  staging  ci-bot       DENY (enforced: ALLOW)  github.git_push   "
            + "  POST github.com /acme/app.git/git-receive-pack?service=very…  -       "
            + "FORCE_PUSH,PROTECTED_BRANCH");
  }

  @Test
  void showAsksForOneTraceAndPrintsItsFields() {
    server.reply("GET", "/api/v1/traces/trc_1", 200, RecordingApiServer.data(DENIED));

    Cli.Result result = Cli.run(Cli.environment(server), "trace", "show", "trc_1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(server.only().path()).isEqualTo("/api/v1/traces/trc_1");
    assertThat(result.out()).contains("trc_1").contains("local-agent")
        .containsPattern("Decision: +DENY\n").containsPattern("Reasons: +SECRET_DETECTED\n")
        .containsPattern("Rule: +block-secrets-external/deny-secrets\n")
        .containsPattern("Tool: +slack.post_message WRITE\n")
        .containsPattern("Request: +POST slack.com /api/chat.postMessage\n")
        .containsPattern("Data classes: +SECRETS.aws_access_key\n");

    Cli.Result json = Cli.run(Cli.environment(server), "trace", "show", "trc_1", "-o", "json");
    assertThat(json.out()).startsWith("{\n  \"id\": \"trc_1\",");
  }

  @Test
  void showOfAnUnknownTraceFailsWithOneLine() {
    server.reply("GET", "/api/v1/traces/trc_9", 404, RecordingApiServer.error("not_found", "trace not found: trc_9", null));

    Cli.Result result = Cli.run(Cli.environment(server), "trace", "show", "trc_9");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("airlock: not_found: trace not found: trc_9\n");
  }

  @Test
  void authenticationOutcomesAreDecisionsToFilterOn() {
    server.reply("GET", "/api/v1/traces", 200, RecordingApiServer.list("[]", 0));

    Cli.Result result = Cli.run(Cli.environment(server), "trace", "list", "--decision", "auth_failed");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(server.only().query()).containsEntry("decision", "AUTH_FAILED");
  }

  @Test
  void listAsJsonPrintsTheDataArrayOnly() {
    server.reply("GET", "/api/v1/traces", 200, RecordingApiServer.list("[" + DENIED + "]", 1));

    Cli.Result result = Cli.run(Cli.environment(server), "trace", "list", "-o", "json");

    assertThat(server.only().rawQuery()).isNull();
    assertThat(result.out()).startsWith("[\n  {\n    \"id\": \"trc_1\",")
        .contains("\"reasons\": [\n      \"SECRET_DETECTED\"\n    ],")
        .endsWith("}\n]\n")
        .doesNotContain("meta");
  }

  @Test
  void nextCursorIsOfferedOnStderrAndSentBack() {
    server.reply("GET", "/api/v1/traces", 200,
        "{\"data\":[" + DENIED + "],\"meta\":{\"request_id\":\"req_1\",\"timestamp\":"
            + "\"2026-03-01T10:15:31Z\",\"total\":120,\"next_cursor\":\"eyJ0IjoxfQ\"}}");

    Cli.Result first = Cli.run(Cli.environment(server), "trace", "list", "--limit", "1");
    Cli.run(Cli.environment(server), "trace", "list", "--limit", "1", "--cursor", "eyJ0IjoxfQ");

    assertThat(first.err()).isEqualTo("More traces: add --cursor eyJ0IjoxfQ\n");
    assertThat(server.received().get(1).query()).containsEntry("cursor", "eyJ0IjoxfQ");
  }

  @Test
  void badTimeFromTheServerIsReportedWithItsField() {
    server.reply("GET", "/api/v1/traces", 400, RecordingApiServer.error("bad_request",
        "since: \"2026-13-01T00:00:00Z\" is after until", "since"));

    Cli.Result result = Cli.run(Cli.environment(server), "trace", "list", "--since",
        "2026-03-01T00:00:00+01:00", "--until", "1h");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(server.only().query()).containsEntry("since", "2026-03-01T00:00:00+01:00");
    assertThat(result.err()).isEqualTo("airlock: bad_request: since: \"2026-13-01T00:00:00Z\" is"
        + " after until (field: since)\n");
  }

  @Test
  void noTracesSaysSo() {
    server.reply("GET", "/api/v1/traces", 200, RecordingApiServer.list("[]", 0));

    Cli.Result result = Cli.run(Cli.environment(server), "trace", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("No traces.\n");
  }

  @Test
  void unauthorizedTokenIsReported() {
    server.reply("GET", "/api/v1/traces", 401,
        RecordingApiServer.error("unauthorized", "invalid admin token", null));

    Cli.Result result = Cli.run(Cli.environment(server), "trace", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("airlock: unauthorized: invalid admin token\n");
  }
}
