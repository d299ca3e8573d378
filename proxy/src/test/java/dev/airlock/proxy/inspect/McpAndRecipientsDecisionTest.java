package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.server.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * MCP calls and calls to outside recipients decided as the proxy decides them: user rules on the
 * MCP tool name, the header guard, batches, findings inside tool arguments, and
 * {@code external_principal} / {@code share_file_external} from the org domains.
 */
class McpAndRecipientsDecisionTest {
  private static final String RULES = """
      {"name": "agents", "rules": [
        {"id": "no-delete", "match": {"tool_name": "docs-example.com", "operation": "delete_page"},
         "action": "DENY", "severity": "HIGH", "priority": 1, "reason": "MCP_TOOL_BLOCKED"},
        {"id": "external-email", "match": {"tool_name": "gmail", "operation": "send_email"},
         "condition": {"external_principal": true},
         "action": "DENY", "severity": "HIGH", "priority": 2, "reason": "EXTERNAL_RECIPIENT"},
        {"id": "public-share", "match": {"tool_name": "google_drive", "operation": "share_file_external"},
         "action": "DENY", "severity": "HIGH", "priority": 3, "reason": "EXTERNAL_SHARE"},
        {"id": "slack-connect", "match": {"tool_name": "slack"}, "condition": {"external_principal": true},
         "action": "REQUIRE_APPROVAL", "severity": "MEDIUM", "priority": 4, "reason": "SLACK_CONNECT"}
      ]}
      """;
  private static final AgentContext AGENT = new AgentContext("a", "default", null);
  private static final AgentContext MONITORED = new AgentContext("a", "staging", null);

  private final InspectingDecider decider;

  McpAndRecipientsDecisionTest() {
    List<PolicyDocument> docs = new ArrayList<>(StarterPolicies.documents());
    docs.add(PolicyParser.parse(RULES));
    PolicyEngine engine = StarterPolicies.engine(docs, EnvironmentSettings.defaults("default"),
        new EnvironmentSettings("staging", EnforcementMode.MONITOR, Action.ALLOW));
    decider = new InspectingDecider(new RequestInspector(ToolCatalog.load(null),
        new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of("acme.com"), Set.of("acme"))),
        engine, new Redactor());
  }

  private static InspectedRequest mcp(String body, String... headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("content-type", List.of("application/json"));
    h.put("accept", List.of("application/json, text/event-stream"));
    h.put("mcp-session-id", List.of("3f1c2a8e"));
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], List.of(headers[i + 1]));
    }
    return new InspectedRequest("https", "mcp.docs-example.com", 443, "POST", "/mcp", null, h,
        body.getBytes(StandardCharsets.UTF_8), true);
  }

  private static String call(int id, String tool, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + arguments + "}}";
  }

  @Test
  void aRuleOnTheMcpToolNameDeniesThatToolOnly() {
    Verdict denied = decider.decide(mcp(call(1, "delete_page", "{\"id\":\"p1\"}")), AGENT);
    Verdict allowed = decider.decide(mcp(call(2, "read_page", "{\"id\":\"p1\"}")), AGENT);

    assertThat(denied.enforced()).isEqualTo(Action.DENY);
    assertThat(denied.decision().reasons()).containsExactly("MCP_TOOL_BLOCKED");
    assertThat(denied.call().operation()).isEqualTo("delete_page");
    assertThat(allowed.enforced()).isEqualTo(Action.ALLOW);
    assertThat(allowed.call().operation()).isEqualTo("read_page");
  }

  @Test
  void aSecretInsideToolArgumentsIsFoundEvenWhenJsonEscaped() {
    Verdict v = decider.decide(mcp(call(3, "read_page",
        "{\"note\":\"\\u0041KIAIOSFODNN7EXAMPLE\"}")), AGENT);

    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("SECRET_DETECTED");
    assertThat(v.dataClasses()).contains("SECRETS.aws_access_key");
  }

  @Test
  void headersThatContradictTheBodyAreRefusedBeforeUserRulesAndInEveryMode() {
    InspectedRequest lying = mcp(call(4, "delete_page", "{}"), "mcp-method", "tools/call", "mcp-name", "read_page");
    for (AgentContext agent : List.of(AGENT, MONITORED)) {
      Verdict v = decider.decide(lying, agent);
      assertThat(v.enforced()).isEqualTo(Action.DENY);
      assertThat(v.decision().reasons()).containsExactly(InspectingDecider.MCP_HEADER_MISMATCH);
      assertThat(v.decision().ruleRef()).isNull();
    }
    Verdict honest = decider.decide(mcp(call(5, "read_page", "{}"), "mcp-method", "tools/call", "mcp-name",
        "read_page"), AGENT);
    assertThat(honest.enforced()).isEqualTo(Action.ALLOW);
  }

  @Test
  void aBatchWithOneDeniedCallIsDeniedAsAWholeAndNamesThatCall() {
    String batch = "[" + call(6, "read_page", "{}") + ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"},"
        + call(7, "delete_page", "{}") + "]";
    Verdict v = decider.decide(mcp(batch), AGENT);

    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("MCP_TOOL_BLOCKED");
    assertThat(v.call().operation()).isEqualTo("delete_page");
  }

  @Test
  void anAllowedBatchIsForwardedWithEachMessageRedactedInPlace() throws Exception {
    String batch = "[ " + call(8, "read_page", "{}") + " ,\n" + call(9, "read_page", "{}") + " ]";
    Verdict allowed = decider.decide(mcp(batch), AGENT);
    assertThat(allowed.enforced()).isEqualTo(Action.ALLOW);
    assertThat(allowed.call().operation()).isEqualTo("mcp_batch");
    assertThat(allowed.redactedBody()).isNull();

    // A rule that sanitizes PII in MCP calls redacts inside the message that carries it.
    List<PolicyDocument> docs = List.of(PolicyParser.parse("""
        {"name": "mcp-pii", "rules": [{"id": "r", "match": {"tool_name": "docs-example.com"},
         "condition": {"data_class_any": ["PII"]}, "action": "SANITIZE", "redact": ["PII"],
         "severity": "LOW", "priority": 1, "reason": "PII_REDACTED"}]}
        """));
    InspectingDecider sanitizing = new InspectingDecider(new RequestInspector(ToolCatalog.load(null),
        new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of(), Set.of())),
        StarterPolicies.engine(docs), new Redactor());
    String pii = "[ " + call(10, "read_page", "{}") + " ,\n" + call(11, "send_note", "{\"to\":\"ann.lee@globex.com\"}")
        + " ]";
    Verdict v = sanitizing.decide(mcp(pii), AGENT);

    assertThat(v.enforced()).isEqualTo(Action.SANITIZE);
    String out = new String(v.redactedBody(), StandardCharsets.UTF_8);
    assertThat(out).startsWith("[ " + call(10, "read_page", "{}") + " ,\n").endsWith(" ]")
        .doesNotContain("ann.lee@globex.com");
    JsonNode sent = new ObjectMapper().readTree(out);
    assertThat(sent.get(1).at("/params/arguments/to").asText()).isEqualTo("[REDACTED:PII]");
  }

  @Test
  void emailToAnOutsideRecipientFiresExternalPrincipal() {
    String outside = "To: Ann <ann@acme.com>, partner@globex.example\r\nSubject: q3\r\n\r\nnumbers\r\n";
    String inside = "To: Ann <ann@acme.com>\r\nSubject: q3\r\n\r\nmail partner@globex.example later\r\n";

    assertThat(decider.decide(gmail(outside), AGENT).decision().reasons()).containsExactly("EXTERNAL_RECIPIENT");
    assertThat(decider.decide(gmail(inside), AGENT).enforced()).isNotEqualTo(Action.DENY);
  }

  private static InspectedRequest gmail(String message) {
    String raw = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(message.getBytes(StandardCharsets.UTF_8));
    return new InspectedRequest("https", "gmail.googleapis.com", 443, "POST", "/gmail/v1/users/me/messages/send",
        null, Map.of("content-type", List.of("application/json")),
        ("{\"raw\":\"" + raw + "\"}").getBytes(StandardCharsets.UTF_8), true);
  }

  @Test
  void driveGrantsOutsideTheOrgBecomeShareFileExternal() {
    Verdict outside = decider.decide(drive("{\"role\":\"writer\",\"type\":\"user\",\"emailAddress\":\"x@globex.example\"}"),
        AGENT);
    Verdict anyone = decider.decide(drive("{\"role\":\"reader\",\"type\":\"anyone\"}"), AGENT);
    Verdict inside = decider.decide(drive("{\"role\":\"writer\",\"type\":\"user\",\"emailAddress\":\"ann@acme.com\"}"),
        AGENT);

    assertThat(outside.call().operation()).isEqualTo("share_file_external");
    assertThat(outside.decision().reasons()).containsExactly("EXTERNAL_SHARE");
    assertThat(anyone.call().operation()).isEqualTo("share_file_external");
    assertThat(anyone.enforced()).isEqualTo(Action.DENY);
    assertThat(inside.call().operation()).isEqualTo("share_file");
    assertThat(inside.enforced()).isEqualTo(Action.ALLOW);
  }

  private static InspectedRequest drive(String grant) {
    return new InspectedRequest("https", "www.googleapis.com", 443, "POST", "/drive/v3/files/abc/permissions", null,
        Map.of("content-type", List.of("application/json")), grant.getBytes(StandardCharsets.UTF_8), true);
  }

  @Test
  void slackConnectInvitationsOutsideTheOrgNeedApproval() {
    InspectedRequest invite = new InspectedRequest("https", "slack.com", 443, "POST", "/api/conversations.inviteShared",
        null, Map.of("content-type", List.of("application/json")),
        "{\"channel\":\"C0123456789\",\"emails\":[\"partner@globex.example\"]}".getBytes(StandardCharsets.UTF_8), true);

    Verdict v = decider.decide(invite, AGENT);

    assertThat(v.enforced()).isEqualTo(Action.REQUIRE_APPROVAL);
    assertThat(v.decision().reasons()).containsExactly("SLACK_CONNECT");
  }
}
