package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Severity;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decision body an agent's SDK prints: OpenAI/Anthropic error fields and Slack's own. */
class DenialBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Decision SECRET = new Decision(Action.DENY, List.of("SECRET_DETECTED", "EXTERNAL"),
      "block-secrets-external/0", Severity.HIGH, 0.7, Set.of());

  private static JsonNode body(HttpResponseStatus status, Decision d, String tool, String message) throws Exception {
    FullHttpResponse r = ProxyResponses.decision(ByteBufAllocator.DEFAULT, status, d, tool, "chat_completion",
        "trc_abc", message);
    try {
      assertThat(r.headers().getInt("Content-Length")).isEqualTo(r.content().readableBytes());
      assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
      return JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
    } finally {
      r.release();
    }
  }

  @Test
  void denyCarriesAnErrorObjectWithReasonRuleAdviceAndTrace() throws Exception {
    JsonNode b = body(HttpResponseStatus.FORBIDDEN, SECRET, "openai", "request blocked by policy");
    assertThat(b.at("/error/type").asText()).isEqualTo("airlock_policy_denied");
    assertThat(b.at("/error/code").asText()).isEqualTo("SECRET_DETECTED");
    assertThat(b.at("/error/message").asText())
        .startsWith("Airlock blocked this request: SECRET_DETECTED, rule block-secrets-external/0")
        .contains("do not retry it unchanged").endsWith(", trace trc_abc");
    // Anthropic's SDK and GitHub clients print the top-level message.
    assertThat(b.get("message").asText()).isEqualTo(b.at("/error/message").asText());
    assertThat(b.get("decision").asText()).isEqualTo("DENY");
    assertThat(b.get("reasons").toString()).isEqualTo("[\"SECRET_DETECTED\",\"EXTERNAL\"]");
    assertThat(b.get("rule").asText()).isEqualTo("block-secrets-external/0");
    assertThat(b.get("tool").asText()).isEqualTo("openai");
    assertThat(b.get("operation").asText()).isEqualTo("chat_completion");
    assertThat(b.get("trace_id").asText()).isEqualTo("trc_abc");
  }

  @Test
  void slackGetsOkFalseAndAStringError() throws Exception {
    JsonNode b = body(HttpResponseStatus.FORBIDDEN, SECRET, "slack", "request blocked by policy");
    assertThat(b.get("ok").isBoolean()).isTrue();
    assertThat(b.get("ok").asBoolean()).isFalse();
    assertThat(b.get("error").isTextual()).isTrue();
    assertThat(b.get("error").asText()).isEqualTo("airlock_policy_denied");
    assertThat(b.get("message").asText()).contains("SECRET_DETECTED").contains("trc_abc");
    assertThat(b.get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void oversizeGuardNamesTheGuardAndAsksForASmallerBody() throws Exception {
    Decision d = Decision.guard(Action.DENY, Forwarder.BODY_TOO_LARGE, Severity.HIGH);
    JsonNode b = body(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, d, "github", "body larger than 10 bytes");
    assertThat(b.at("/error/message").asText()).isEqualTo("Airlock blocked this request: " + Forwarder.BODY_TOO_LARGE
        + ", rule built-in guard, body larger than 10 bytes; send a smaller request body, trace trc_abc");
    assertThat(b.get("message").asText()).isEqualTo(b.at("/error/message").asText());
  }

  @Test
  void pendingApprovalSaysAHumanMustApprove() throws Exception {
    Decision d = new Decision(Action.REQUIRE_APPROVAL, List.of("NEEDS_APPROVAL"), "approve-writes/1",
        Severity.MEDIUM, 0.4, Set.of());
    JsonNode b = body(HttpResponseStatus.FORBIDDEN, d, "jira", "request needs human approval");
    assertThat(b.get("decision").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(b.at("/error/code").asText()).isEqualTo("NEEDS_APPROVAL");
    assertThat(b.at("/error/message").asText()).contains("a human must approve it").contains("trace trc_abc");
  }
}
