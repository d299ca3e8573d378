package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node started with detectors.rule_files: a secret that only the operator's gitleaks rule knows
 * is denied before it reaches the upstream, and the rule's allow-list lets a documented sample pass.
 */
class RuleFilesEndToEndTest {
  private static final String SECRET = "TEAM-Q7vK2mXr9LpT4wZs8NbY3cHd";
  static AirlockHarness h;
  static RecordingUpstream slack;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    slack = h.https("slack.com");
    Path rules = Files.createDirectories(h.dir.resolve("rules"));
    Files.writeString(rules.resolve("team.toml"), """
        [[rules]]
        id = "team-token"
        description = "Team deploy token"
        regex = '''\\b(TEAM-[A-Za-z0-9]{24})\\b'''
        entropy = 3.5
        keywords = ["team-"]

        [[rules.allowlists]]
        stopwords = ["sample"]
        """);
    // Relative to the config file, which the harness writes into h.dir.
    h.config("detectors:\n  rule_files: [rules/team.toml]\n");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void aSecretOfAnOperatorRuleIsDeniedAndNeverReachesUpstream() throws Exception {
    int before = slack.received().size();
    Clients.Result r = h.curl("-H", "Content-Type: application/json",
        "--data-binary", "{\"channel\":\"C1\",\"text\":\"deploy with " + SECRET + "\"}",
        "https://slack.com/api/chat.postMessage");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 403")
        .containsIgnoringCase("x-airlock-reason: SECRET_DETECTED");
    JsonNode body = AirlockHarness.jsonBody(r.stdout());
    assertThat(body.get("reasons").get(0).asText()).isEqualTo("SECRET_DETECTED");
    assertThat(slack.received()).hasSize(before);
    JsonNode trace = h.trace(body.get("trace_id").asText());
    assertThat(trace.get("data_classes").toString()).contains("SECRETS.team-token").doesNotContain(SECRET);
  }

  @Test
  void aValueTheRulesAllowListLetsPassReachesUpstreamUnchanged() throws Exception {
    int before = slack.received().size();
    String body = "{\"channel\":\"C1\",\"text\":\"docs use TEAM-SAMPLEr9LpT4wZs8NbY3cHdx\"}";
    Clients.Result r = h.curl("-H", "Content-Type: application/json", "--data-binary", body,
        "https://slack.com/api/chat.postMessage");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 200");
    assertThat(slack.received()).hasSize(before + 1);
    assertThat(slack.received().get(before).bodyText()).isEqualTo(body);
  }
}
