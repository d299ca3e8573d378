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
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.server.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Inspection + starter policies + enforcement modes, as the proxy runs them. */
class InspectingDeciderTest {
  private final PolicyEngine engine = StarterPolicies.engine(EnvironmentSettings.defaults("default"),
      new EnvironmentSettings("staging", EnforcementMode.MONITOR, Action.ALLOW));
  private final InspectingDecider decider = new InspectingDecider(
      new RequestInspector(ToolCatalog.load(null), new Detectors(DetectorSettings.defaults()),
          new ExternalPrincipals(Set.of("example.com"), Set.of("acme"))),
      engine, new Redactor());

  private static InspectedRequest slack(String contentType, byte[] body) {
    return new InspectedRequest("https", "slack.com", 443, "POST", "/api/chat.postMessage", null,
        Map.of("content-type", List.of(contentType)), body, true);
  }

  @Test
  void piiToChatIsSanitizedAndTheBodyStaysValidJson() throws Exception {
    Verdict v = decider.decide(slack("application/json",
        "{\"channel\":\"C1\",\"text\":\"write to bob@example.org, card 4111 1111 1111 1111\"}"
            .getBytes(StandardCharsets.UTF_8)), new AgentContext("a", "default", null));
    assertThat(v.enforced()).isEqualTo(Action.SANITIZE);
    assertThat(v.call().operation()).isEqualTo("post_message");
    JsonNode sent = new ObjectMapper().readTree(v.redactedBody());
    assertThat(sent.get("text").asText()).isEqualTo("write to [REDACTED:PII], card [REDACTED:PII]");
    assertThat(v.dataClasses()).contains("PII.email", "PII.card");
  }

  @Test
  void formBodiesAreRedactedAsForms() {
    Verdict v = decider.decide(slack("application/x-www-form-urlencoded",
        "channel=C1&text=mail+bob%40example.org+now".getBytes(StandardCharsets.UTF_8)),
        new AgentContext("a", "default", null));
    assertThat(v.enforced()).isEqualTo(Action.SANITIZE);
    assertThat(new String(v.redactedBody(), StandardCharsets.UTF_8))
        .isEqualTo("channel=C1&text=mail+%5BREDACTED%3APII%5D+now");
  }

  @Test
  void secretsAreDeniedEvenInTheQueryString() {
    InspectedRequest req = new InspectedRequest("https", "api.example.net", 443, "GET", "/v1/x",
        "token=ghp_0123456789abcdefghijABCDEFGHIJ012345", Map.of(), new byte[0], true);
    Verdict v = decider.decide(req, new AgentContext("a", "default", null));
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("SECRET_DETECTED");
    assertThat(v.dataClasses()).containsExactly("SECRETS.github_token");
  }

  @Test
  void monitorModeForwardsButKeepsTheWouldBeDecision() {
    Verdict v = decider.decide(slack("application/json",
        "{\"text\":\"AKIAIOSFODNN7EXAMPLE\"}".getBytes(StandardCharsets.UTF_8)), new AgentContext("a", "staging", null));
    assertThat(v.decision().action()).isEqualTo(Action.DENY);
    assertThat(v.enforced()).isEqualTo(Action.ALLOW);
    assertThat(v.redactedBody()).isNull();
  }

  @Test
  void sanitizingABinaryBodyIsRefusedRatherThanCorrupted() {
    byte[] body = new byte[] {(byte) 0xff, (byte) 0xfe, 'b', 'o', 'b', '@', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.',
        'o', 'r', 'g', ' ', (byte) 0xc3};
    Verdict v = decider.decide(slack("application/octet-stream", body), new AgentContext("a", "default", null));
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).contains(InspectingDecider.CANNOT_SANITIZE);
  }

  @Test
  void uninspectedBodiesAreNotScanned() {
    InspectedRequest req = new InspectedRequest("https", "slack.com", 443, "POST", "/api/chat.postMessage", null,
        Map.of(), "AKIAIOSFODNN7EXAMPLE".getBytes(StandardCharsets.UTF_8), false);
    assertThat(decider.decide(req, new AgentContext("a", "default", null)).enforced()).isEqualTo(Action.ALLOW);
  }
}
