package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /api/v1/scan} on a real node: authenticated by the agent's key (never an admin key),
 * narrowed to the key's environment only, answering the proxy's decision and writing one trace.
 */
class ScanApiEndToEndTest {
  private static final String SLACK_PII = "{\"method\":\"POST\",\"url\":\"https://slack.com/api/chat.postMessage\","
      + "\"headers\":{\"Content-Type\":\"application/json\"},"
      + "\"body\":\"{\\\"channel\\\":\\\"C1\\\",\\\"text\\\":\\\"mail jane.doe@example.org\\\"}\"}";

  static AirlockHarness h;
  static RecordingUpstream slack;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    slack = h.https("slack.com");
    h.https("api.openai.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static ObjectNode request(String method, String url, String body) {
    ObjectNode n = AirlockHarness.JSON.createObjectNode().put("method", method).put("url", url);
    n.putObject("headers").put("content-type", "application/json");
    if (body != null) {
      n.put("body", body);
    }
    return n;
  }

  @Test
  void withoutCredentialsItIs401() throws Exception {
    ScanCalls.Answer a = ScanCalls.scan(h, null, SLACK_PII);
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.error().get("code").asText()).isEqualTo("unauthorized");
  }

  @Test
  void aWrongKeyIs401() throws Exception {
    assertThat(ScanCalls.scan(h, "Bearer local-agent:not-the-key", SLACK_PII).status()).isEqualTo(401);
    assertThat(ScanCalls.scan(h, "Bearer someone-else:" + h.agentKey, SLACK_PII).status()).isEqualTo(401);
    assertThat(ScanCalls.scan(h, "Bearer " + h.agentKey, SLACK_PII).status()).isEqualTo(401);
  }

  @Test
  void anAdminKeyIsNotAnAgentKey() throws Exception {
    ScanCalls.Answer a = ScanCalls.scan(h, "Bearer " + h.adminToken, SLACK_PII);
    assertThat(a.status()).isEqualTo(401);
  }

  @Test
  void bearerAndBasicAgentCredentialsAreAccepted() throws Exception {
    ScanCalls.Answer bearer = ScanCalls.scan(h, ScanCalls.bearer(h), SLACK_PII);
    assertThat(bearer.status()).as(bearer.body().toString()).isEqualTo(200);
    String basic = "Basic " + Base64.getEncoder().encodeToString(("local-agent:" + h.agentKey)
        .getBytes(StandardCharsets.UTF_8));
    assertThat(ScanCalls.scan(h, basic, SLACK_PII).status()).isEqualTo(200);
  }

  @Test
  void aSanitizeAnswerCarriesTheRedactedBodyAndNothingIsSentUpstream() throws Exception {
    int before = slack.received().size();
    JsonNode d = ScanCalls.scan(h, ScanCalls.bearer(h), SLACK_PII).data();
    assertThat(d.get("decision").asText()).isEqualTo("SANITIZE");
    assertThat(d.get("tool").asText()).isEqualTo("slack");
    assertThat(d.get("operation").asText()).isEqualTo("post_message");
    assertThat(d.get("rule").asText()).isEqualTo("sanitize-pii-chat/redact-pii-in-chat");
    assertThat(d.get("data_classes").toString()).contains("PII.email");
    assertThat(d.get("reasons").toString()).contains("PII_REDACTED");
    assertThat(AirlockHarness.JSON.readTree(d.get("redacted_body").asText()).get("text").asText())
        .isEqualTo("mail [REDACTED:PII]");
    assertThat(slack.received()).hasSize(before);
  }

  @Test
  void aDenyAnswerNamesReasonRuleAndWhatWasFound() throws Exception {
    JsonNode d = ScanCalls.scan(h, ScanCalls.bearer(h), request("POST", "https://api.openai.com/v1/chat/completions",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"key AKIAIOSFODNN7EXAMPLE\"}]}").toString()).data();
    assertThat(d.get("decision").asText()).isEqualTo("DENY");
    assertThat(d.get("reasons").toString()).contains("SECRET_DETECTED");
    assertThat(d.get("rule").asText()).isEqualTo("block-secrets-external/deny-secrets");
    assertThat(d.get("severity").asText()).isNotEmpty();
    assertThat(d.get("risk_score").isNumber()).isTrue();
    assertThat(d.get("found").toString()).contains("SECRETS.aws_access_key in the body");
    assertThat(d.has("redacted_body")).isFalse();
  }

  @Test
  void eachScanWritesExactlyOneTraceMarkedAsAScan() throws Exception {
    JsonNode d = ScanCalls.scan(h, ScanCalls.bearer(h), SLACK_PII).data();
    String id = d.get("trace_id").asText();
    JsonNode trace = h.trace(id);
    assertThat(trace.get("agent").asText()).isEqualTo("local-agent");
    assertThat(trace.get("decision").asText()).isEqualTo("SANITIZE");
    assertThat(trace.get("reasons").toString()).contains("SCAN_API").contains("PII_REDACTED");
    assertThat(trace.get("host").asText()).isEqualTo("slack.com");
    assertThat(trace.toString()).doesNotContain("jane.doe@example.org");
    List<String> same = new ArrayList<>();
    for (JsonNode t : h.admin("GET", "/api/v1/traces?limit=1000&since=1h", null).get("data")) {
      if (t.get("id").asText().equals(id)) {
        same.add(id);
      }
    }
    assertThat(same).hasSize(1);
  }

  @Test
  void envMayNarrowToTheKeysOwnEnvironmentOnly() throws Exception {
    ObjectNode own = (ObjectNode) AirlockHarness.JSON.readTree(SLACK_PII);
    own.put("env", "default");
    assertThat(ScanCalls.scan(h, ScanCalls.bearer(h), own.toString()).status()).isEqualTo(200);
    h.admin("POST", "/api/v1/environments", "{\"slug\":\"production\",\"name\":\"Production\",\"is_production\":true}");
    ObjectNode other = own.deepCopy().put("env", "production");
    ScanCalls.Answer a = ScanCalls.scan(h, ScanCalls.bearer(h), other.toString());
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.error().get("message").asText()).contains("default");
  }

  @Test
  void hintsThatDisagreeWithTheCatalogAreReportedAndIgnored() throws Exception {
    ObjectNode r = (ObjectNode) AirlockHarness.JSON.readTree(SLACK_PII);
    r.put("tool", "notes").put("operation", "save");
    JsonNode d = ScanCalls.scan(h, ScanCalls.bearer(h), r.toString()).data();
    assertThat(d.get("tool").asText()).isEqualTo("slack");
    assertThat(d.get("decision").asText()).isEqualTo("SANITIZE");
    assertThat(d.get("warnings").toString()).contains("tool: the hint notes").contains("operation: the hint save");
  }

  @Test
  void aBase64BodyIsInspectedLikeText() throws Exception {
    ObjectNode r = request("POST", "https://api.openai.com/v1/chat/completions", null);
    r.put("body_base64", Base64.getEncoder().encodeToString(
        "{\"messages\":[{\"content\":\"AKIAIOSFODNN7EXAMPLE\"}]}".getBytes(StandardCharsets.UTF_8)));
    assertThat(ScanCalls.scan(h, ScanCalls.bearer(h), r.toString()).data().get("decision").asText())
        .isEqualTo("DENY");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"url\":\"https://slack.com/\"}|method",
      "{\"method\":\"POST\"}|url",
      "{\"method\":\"POST\",\"url\":\"ftp://slack.com/x\"}|url",
      "{\"method\":\"POST\",\"url\":\"/relative\"}|url",
      "{\"method\":\"PO ST\",\"url\":\"https://slack.com/\"}|method",
      "{\"method\":\"POST\",\"url\":\"https://slack.com/\",\"headers\":[\"a\"]}|headers",
      "{\"method\":\"POST\",\"url\":\"https://slack.com/\",\"headers\":{\"x\":1}}|headers",
      "{\"method\":\"POST\",\"url\":\"https://slack.com/\",\"body\":5}|body",
      "{\"method\":\"POST\",\"url\":\"https://slack.com/\",\"body_base64\":\"***\"}|body_base64",
      "{\"method\":\"POST\",\"url\":\"https://slack.com/\",\"body\":\"a\",\"body_base64\":\"YQ==\"}|body_base64",
      "{\"method\":\"POST\",\"url\":\"https://slack.com/\",\"env\":7}|env",
  })
  void invalidInputIs400NamingTheField(String json, String field) throws Exception {
    ScanCalls.Answer a = ScanCalls.scan(h, ScanCalls.bearer(h), json);
    assertThat(a.status()).as(a.body().toString()).isEqualTo(400);
    assertThat(a.error().get("field").asText()).isEqualTo(field);
  }

  @Test
  void notJsonIs400() throws Exception {
    assertThat(ScanCalls.scan(h, ScanCalls.bearer(h), "not json").status()).isEqualTo(400);
  }

  @Test
  void onlyPostIsAllowed() throws Exception {
    assertThat(ScanCalls.call(h, "GET", ScanCalls.bearer(h), null).status()).isEqualTo(405);
  }
}
