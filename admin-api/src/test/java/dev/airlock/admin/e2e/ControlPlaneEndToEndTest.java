package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.AirlockCommand;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.cli.CaCommand;
import dev.airlock.admin.cli.PolicyTestCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The control plane against a running node: the CLI applies policies that the proxy enforces at
 * once, lists traces and exports the CA; environments in monitor mode forward what they would block.
 */
class ControlPlaneEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream api;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    api = h.https("api.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static Cli.Result cli(String... args) {
    CommandLine cmd = AirlockCommand.newCommandLine(h.cliEnvironment(), new CaCommand());
    cmd.getSubcommands().get("policy").addSubcommand(new PolicyTestCommand());
    return Cli.run(cmd, args);
  }

  private Clients.Result curl(String proxyUrl, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-D", "-", "-x", proxyUrl,
        "--cacert", h.airlockCa.toString()));
    cmd.addAll(List.of(args));
    return Clients.run(null, Map.of(), cmd);
  }

  @Test
  void appliedPolicyIsEnforcedWithoutRestart() throws Exception {
    assertThat(curl(h.proxyUrl(), "-X", "DELETE", "https://api.example.com/records/7").stdout()).contains("HTTP/1.1 200");
    Path policy = Files.writeString(h.dir.resolve("no-deletes.json"), "{\"name\":\"no-deletes\",\"rules\":[{\"id\":"
        + "\"deny-delete\",\"match\":{\"host\":\"api.example.com\",\"method\":\"DELETE\"},\"action\":\"DENY\","
        + "\"severity\":\"HIGH\",\"priority\":20,\"reason\":\"DELETE_BLOCKED\"}]}");
    Cli.Result apply = cli("policy", "apply", "-f", policy.toString(), "--env", "default");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    Clients.Result r = curl(h.proxyUrl(), "-X", "DELETE", "https://api.example.com/records/8");
    assertThat(r.stdout()).contains("HTTP/1.1 403").contains("DELETE_BLOCKED").contains("no-deletes/deny-delete");

    Cli.Result list = cli("policy", "list", "--env", "default");
    assertThat(list.out()).contains("no-deletes").contains("block-secrets-external");
  }

  @Test
  void invalidPolicyFileIsRejectedWithItsPath() throws Exception {
    Path bad = Files.writeString(h.dir.resolve("bad.yaml"), "name: bad\nrules:\n  - id: r\n    action: BLOK\n");
    Cli.Result r = cli("policy", "apply", "-f", bad.toString(), "--env", "default");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("bad.yaml").contains("rules[0].action").contains("BLOK");
  }

  @Test
  void traceListShowsDeniedRequests() throws Exception {
    Clients.Result r = curl(h.proxyUrl(), "-H", "Content-Type: application/json",
        "--data-binary", "{\"token\":\"xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx\"}",
        "https://api.example.com/hook");
    assertThat(r.stdout()).contains("HTTP/1.1 403");
    String traceId = r.stdout().replaceAll("(?s).*\"trace_id\":\"(trc_[0-9a-f]+)\".*", "$1");
    h.trace(traceId);
    Cli.Result list = cli("trace", "list", "--decision", "DENY", "--since", "10m", "-o", "json");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains(traceId).contains("SECRETS.slack_token").doesNotContain("AbCdEfGhIjKlMnOpQrStUvWx");
    Cli.Result table = cli("trace", "list", "--decision", "DENY", "--since", "10m");
    assertThat(table.out()).contains("DENY").contains("SECRET_DETECTED");
  }

  @Test
  void caExportPrintsTheCaAgentsTrust() throws Exception {
    Cli.Result r = cli("ca", "export", "--data-dir", h.dir.resolve("data").toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(h.airlockCa));
    assertThat(r.out()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void policyTestEvaluatesSampleRequestsOffline() throws Exception {
    Path cases = Files.writeString(h.dir.resolve("cases.yaml"), String.join("\n",
        "cases:",
        "  - name: aws key to slack",
        "    request: {method: POST, url: 'https://slack.com/api/chat.postMessage',",
        "              headers: {content-type: application/json},",
        "              body: '{\"channel\":\"C1\",\"text\":\"AKIAIOSFODNN7EXAMPLE\"}'}",
        "    expect: {action: DENY, reason: SECRET_DETECTED}",
        "  - name: plain message",
        "    request: {method: POST, url: 'https://slack.com/api/chat.postMessage', body: 'channel=C1&text=hi'}",
        "    expect: {action: ALLOW}",
        ""));
    Path policy = Path.of("../conf/policies/block-secrets-external.json");
    Cli.Result ok = cli("policy", "test", "-f", policy.toString(), "--cases", cases.toString());
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("2 passed, 0 failed");
    Path wrong = Files.writeString(h.dir.resolve("wrong.yaml"), Files.readString(cases)
        .replace("expect: {action: ALLOW}", "expect: {action: DENY}"));
    Cli.Result failed = cli("policy", "test", "-f", policy.toString(), "--cases", wrong.toString());
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out()).contains("1 passed, 1 failed");
  }

  @Test
  void monitorModeForwardsButRecordsTheWouldBeDecision() throws Exception {
    h.admin("POST", "/api/v1/environments",
        "{\"slug\":\"staging\",\"name\":\"Staging\",\"enforcement_mode\":\"monitor\"}");
    JsonNode agent = h.admin("POST", "/api/v1/agents", "{\"name\":\"watcher\",\"env\":\"staging\"}");
    String key = agent.get("data").get("key").get("secret").asText();
    int before = api.received().size();
    Clients.Result r = curl(h.proxyUrl("watcher", key), "-H", "Content-Type: application/json",
        "--data-binary", "{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}", "https://api.example.com/monitored");
    assertThat(r.stdout()).contains("HTTP/1.1 200");
    assertThat(api.received()).hasSize(before + 1);
    String traceId = r.stdout().replaceAll("(?is).*x-airlock-trace-id: (trc_[0-9a-f]+).*", "$1");
    JsonNode t = h.trace(traceId);
    assertThat(t.get("decision").asText()).isEqualTo("DENY");
    assertThat(t.get("enforced_action").asText()).isEqualTo("ALLOW");
    assertThat(t.get("env").asText()).isEqualTo("staging");
  }
}
