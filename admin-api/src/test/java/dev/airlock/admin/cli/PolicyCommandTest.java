package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
  private static final String DOCUMENT =
      "{\"name\":\"block-secrets\",\"env_names\":[\"production\"],\"rules\":[{\"id\":\"deny-secrets\","
          + "\"action\":\"DENY\"}]}";
  private static final String ITEM =
      "{\"id\":\"pol_4kZ\",\"name\":\"block-secrets\",\"description\":\"Stop secrets leaving\","
          + "\"env_names\":[\"production\"],\"version\":3,\"rules\":1,"
          + "\"created_at\":\"2026-03-01T10:00:00Z\",\"document\":" + DOCUMENT + "}";
  private static final String OTHER_ITEM =
      "{\"id\":\"pol_7aa\",\"name\":\"slack-readonly\",\"description\":\"\","
          + "\"env_names\":[\"*\"],\"version\":1,\"rules\":4,"
          + "\"created_at\":\"2026-03-02T10:00:00Z\",\"document\":{\"name\":\"slack-readonly\"}}";

  private static final String DIFF =
      "{\"name\":\"block-secrets\",\"env_names\":[\"production\"],\"from_version\":null,"
          + "\"to_version\":null,\"production_envs\":[],\"document\":[],\"rules\":{\"added\":[{\"id\":"
          + "\"deny-secrets\",\"rule\":{\"id\":\"deny-secrets\",\"action\":\"DENY\",\"priority\":100}}],"
          + "\"removed\":[],\"changed\":[],\"unchanged\":0},\"changed\":true,\"text\":\"\"}";

  @TempDir Path dir;

  /** Apply asks for the diff first, then applies: the second request is the apply. */
  private RecordingApiServer.Received applied() {
    assertThat(server.received()).extracting(RecordingApiServer.Received::path)
        .containsExactly("/api/v1/policies/diff", "/api/v1/policies");
    return server.received().get(1);
  }
  @RegisterExtension final RecordingApiServer server = RecordingApiServer.perTest();

  @Test
  void applyPassesYamlThroughWithTheEnvironment() throws IOException {
    String yaml = "name: block-secrets\n# keep me\nrules:\n  - id: deny-secrets\n    action: DENY\n";
    Path file = Files.writeString(dir.resolve("block-secrets.yaml"), yaml);
    server.reply("POST", "/api/v1/policies", 201, RecordingApiServer.data(ITEM));
    server.reply("POST", "/api/v1/policies/diff", 200, RecordingApiServer.data(DIFF));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "apply", "-f", file.toString(),
        "--env", "production");

    assertThat(result.exitCode()).isZero();
    RecordingApiServer.Received diff = server.received().get(0);
    assertThat(diff.query()).containsExactly(Map.entry("env", "production"));
    assertThat(diff.body()).isEqualTo(yaml);
    RecordingApiServer.Received received = applied();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.path()).isEqualTo("/api/v1/policies");
    assertThat(received.query()).containsExactly(Map.entry("env", "production"));
    assertThat(received.contentType()).isEqualTo("application/yaml");
    assertThat(received.authorization()).isEqualTo("Bearer test-token");
    assertThat(received.body()).isEqualTo(yaml);
    assertThat(result.out()).isEqualTo("Policy block-secrets [production]: (none) -> the new document\n"
        + "  + rule deny-secrets (DENY, priority 100)\n"
        + "Applied policy 'block-secrets' version 3 (pol_4kZ, 1 rules, environments production).\n");
  }

  @Test
  void applySendsJsonByExtensionWithoutEnvironment() throws IOException {
    Path file = Files.writeString(dir.resolve("p.json"), DOCUMENT);
    server.reply("POST", "/api/v1/policies", 201, RecordingApiServer.data(ITEM));
    server.reply("POST", "/api/v1/policies/diff", 200, RecordingApiServer.data(DIFF));

    Cli.Result result =
        Cli.run(Cli.environment(server), "policy", "apply", "--file", file.toString(), "-o", "json");

    RecordingApiServer.Received received = applied();
    assertThat(received.rawQuery()).isNull();
    assertThat(received.contentType()).isEqualTo("application/json");
    assertThat(received.body()).isEqualTo(DOCUMENT);
    assertThat(result.out()).startsWith("{\n  \"id\": \"pol_4kZ\",");
  }

  @Test
  void applyDetectsJsonByContentWhenTheExtensionSaysNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.txt"), "\n  " + DOCUMENT);
    Path yamlFile = Files.writeString(dir.resolve("policy"), "name: x\n");
    server.reply("POST", "/api/v1/policies", 201, RecordingApiServer.data(ITEM));
    server.reply("POST", "/api/v1/policies/diff", 200, RecordingApiServer.data(DIFF));

    Cli.run(Cli.environment(server), "policy", "apply", "-f", file.toString());
    Cli.run(Cli.environment(server), "policy", "apply", "-f", yamlFile.toString());

    assertThat(server.received()).extracting(RecordingApiServer.Received::contentType)
        .containsExactly("application/json", "application/json", "application/yaml", "application/yaml");
  }

  @Test
  void applyOfAnInvalidDocumentNamesTheFileAndThePath() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "name: x\nrules:\n  - action: BLOK\n");
    server.reply("POST", "/api/v1/policies/diff", 422, RecordingApiServer.error("invalid_policy",
        "rules[0].action: \"BLOK\" (expected: ALLOW, SANITIZE, REQUIRE_APPROVAL, DENY)",
        "rules[0].action"));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "apply", "-f", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo(file + ": rules[0].action: \"BLOK\" (expected: ALLOW,"
        + " SANITIZE, REQUIRE_APPROVAL, DENY)\n");
  }

  @Test
  void applyEnvMismatchLeadsWithTheFieldWhenTheMessageLacksIt() throws IOException {
    Path file = Files.writeString(dir.resolve("p.json"), DOCUMENT);
    server.reply("POST", "/api/v1/policies/diff", 422, RecordingApiServer.error("env_mismatch",
        "[\"production\"] does not include \"staging\"", "env_names"));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "apply", "-f", file.toString(),
        "--env", "staging");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(file + ": env_names: [\"production\"] does not include \"staging\"\n");
  }

  @Test
  void applyToAnUnknownEnvironmentIsAnOrdinaryError() throws IOException {
    Path file = Files.writeString(dir.resolve("p.json"), DOCUMENT);
    server.reply("POST", "/api/v1/policies/diff", 404,
        RecordingApiServer.error("not_found", "environment 'nope' not found", "env"));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "apply", "-f", file.toString(),
        "--env", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("airlock: not_found: environment 'nope' not found (field: env)\n");
  }

  @Test
  void applyOfAMissingFileFailsBeforeAnyRequest() {
    Path missing = dir.resolve("missing.yaml");

    Cli.Result result =
        Cli.run(Cli.environment(server), "policy", "apply", "-f", missing.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("airlock: cannot read " + missing + ": no such file\n");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void listPrintsCurrentPoliciesForTheEnvironment() {
    server.reply("GET", "/api/v1/policies", 200,
        RecordingApiServer.list("[" + ITEM + "," + OTHER_ITEM + "]", 2));

    Cli.Result result =
        Cli.run(Cli.environment(server), "policy", "list", "--env", "production");

    assertThat(result.exitCode()).isZero();
    assertThat(server.only().query()).containsExactly(Map.entry("env", "production"));
    assertThat(result.out()).isEqualTo(
        "ID       NAME            ENVS        VERSION  RULES  DESCRIPTION           CREATED\n"
            + "pol_4kZ  block-secrets   production  3        1      Stop secrets leaving "
            + " 2026-03-01T10:00:00Z\n"
            + "pol_7aa  slack-readonly  *           1        4      -                    "
            + " 2026-03-02T10:00:00Z\n");
  }

  @Test
  void getByIdPrintsTheDocument() {
    server.reply("GET", "/api/v1/policies/pol_4kZ", 200, RecordingApiServer.data(ITEM));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "get", "pol_4kZ");

    assertThat(result.exitCode()).isZero();
    assertThat(server.only().path()).isEqualTo("/api/v1/policies/pol_4kZ");
    assertThat(result.out()).isEqualTo("{\n"
        + "  \"name\": \"block-secrets\",\n"
        + "  \"env_names\": [\n"
        + "    \"production\"\n"
        + "  ],\n"
        + "  \"rules\": [\n"
        + "    {\n"
        + "      \"id\": \"deny-secrets\",\n"
        + "      \"action\": \"DENY\"\n"
        + "    }\n"
        + "  ]\n"
        + "}\n");
  }

  @Test
  void getByNameLooksItUpInTheEnvironment() {
    server.reply("GET", "/api/v1/policies", 200,
        RecordingApiServer.list("[" + ITEM + "," + OTHER_ITEM + "]", 2));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "get", "slack-readonly",
        "--env", "production", "-o", "json");

    assertThat(result.exitCode()).isZero();
    assertThat(server.only().query()).containsExactly(Map.entry("env", "production"));
    assertThat(result.out()).contains("\"id\": \"pol_7aa\"", "\"document\": {");
  }

  @Test
  void getUnknownNameFails() {
    server.reply("GET", "/api/v1/policies", 200, RecordingApiServer.list("[" + ITEM + "]", 1));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "get", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("airlock: not_found: no policy named 'nope'\n");
  }

  @Test
  void getAmbiguousNameAsksForTheId() {
    String sameNameOtherEnv = ITEM.replace("pol_4kZ", "pol_5xY").replace("[\"production\"]",
        "[\"staging\"]");
    server.reply("GET", "/api/v1/policies", 200,
        RecordingApiServer.list("[" + ITEM + "," + sameNameOtherEnv + "]", 2));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "get", "block-secrets");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("airlock: several policies are named 'block-secrets'"
        + " (pol_4kZ, pol_5xY): give the id, or --env\n");
  }

  @Test
  void deleteSendsDeleteForTheId() {
    server.reply("DELETE", "/api/v1/policies/pol_4kZ", 200,
        RecordingApiServer.data("{\"deleted\":true}"));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "delete", "pol_4kZ");

    assertThat(result.exitCode()).isZero();
    RecordingApiServer.Received received = server.only();
    assertThat(received.method()).isEqualTo("DELETE");
    assertThat(received.authorization()).isEqualTo("Bearer test-token");
    assertThat(result.out()).isEqualTo("Deleted policy pol_4kZ.\n");
  }

  @Test
  void deleteUnknownFails() {
    server.reply("DELETE", "/api/v1/policies/pol_x", 404,
        RecordingApiServer.error("not_found", "policy 'pol_x' not found", null));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "delete", "pol_x");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("airlock: not_found: policy 'pol_x' not found\n");
  }

  @Test
  void validateAcceptsAValidDocument() throws IOException {
    Path file = Files.writeString(dir.resolve("ok.yml"), "name: ok\n");
    server.reply("POST", "/api/v1/policies/validate", 200,
        RecordingApiServer.data("{\"valid\":true}"));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "validate", "-f",
        file.toString());

    assertThat(result.exitCode()).isZero();
    RecordingApiServer.Received received = server.only();
    assertThat(received.path()).isEqualTo("/api/v1/policies/validate");
    assertThat(received.contentType()).isEqualTo("application/yaml");
    assertThat(received.body()).isEqualTo("name: ok\n");
    assertThat(result.out()).isEqualTo(file + ": valid\n");
  }

  @Test
  void validateReportsTheFirstProblemWithTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"name\":\"x\",\"rules\":[{}]}");
    server.reply("POST", "/api/v1/policies/validate", 422, RecordingApiServer.error(
        "invalid_policy", "rules[0].action: missing (expected: one of ALLOW, DENY, ...)",
        "rules[0].action"));

    Cli.Result result = Cli.run(Cli.environment(server), "policy", "validate", "-f",
        file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(file + ": rules[0].action: missing (expected: one of ALLOW, DENY, ...)\n");
  }
}
