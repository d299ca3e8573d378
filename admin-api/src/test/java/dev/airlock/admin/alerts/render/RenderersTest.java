package dev.airlock.admin.alerts.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEventJson;
import dev.airlock.admin.alerts.DecisionAlert;
import dev.airlock.admin.alerts.TestEvents;
import dev.airlock.proxy.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each service's message shape, as its documentation describes it. */
class RenderersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RenderContext LINKS = new RenderContext("https://airlock.example/traces/",
      Clock.fixed(Instant.parse("2026-03-01T12:00:05Z"), ZoneOffset.UTC));
  private static final RenderContext NO_LINKS = new RenderContext(null, null);

  @Test
  void slackCardHasHeaderFieldsTraceLinkAndApprovalButtons() {
    ObjectNode msg = SlackMessage.body(TestEvents.approval("trc_9", "apr_0011"), LINKS);
    assertThat(msg.get("text").asText()).contains("REQUIRE_APPROVAL", "ci-bot");
    JsonNode blocks = msg.get("blocks");
    assertThat(types(blocks)).containsExactly("header", "section", "context", "actions");
    assertThat(blocks.at("/0/text/type").asText()).isEqualTo("plain_text");
    List<String> fields = new ArrayList<>();
    blocks.at("/1/fields").forEach(f -> fields.add(f.get("text").asText()));
    assertThat(fields).contains("*Decision*\nREQUIRE_APPROVAL", "*Agent*\nci-bot", "*Environment*\ndefault",
        "*Tool*\nslack.post_message", "*Reasons*\nSECRET_DETECTED", "*Risk*\nHIGH 0.72", "*Host*\nslack.com");
    assertThat(blocks.at("/1/fields").size()).isLessThanOrEqualTo(10);
    assertThat(blocks.at("/2/elements/0/text").asText()).isEqualTo("Trace <https://airlock.example/traces/trc_9|trc_9>");
    JsonNode buttons = blocks.at("/3/elements");
    assertThat(buttons.at("/0/action_id").asText()).isEqualTo("airlock_approve");
    assertThat(buttons.at("/0/value").asText()).isEqualTo("apr_0011");
    assertThat(buttons.at("/0/style").asText()).isEqualTo("primary");
    assertThat(buttons.at("/1/action_id").asText()).isEqualTo("airlock_deny");
    assertThat(buttons.at("/1/value").asText()).isEqualTo("apr_0011");
    assertThat(buttons.at("/1/style").asText()).isEqualTo("danger");

    ObjectNode deny = SlackMessage.body(TestEvents.deny("trc_1", "default", "a<b>&c", "LOW"), NO_LINKS);
    assertThat(types(deny.get("blocks"))).containsExactly("header", "section", "context");
    assertThat(deny.toString()).contains("a&lt;b&gt;&amp;c").contains("Trace `trc_1`");

    ObjectNode incident = SlackMessage.body(TestEvents.incident(), NO_LINKS);
    assertThat(incident.at("/blocks/0/text/text").asText()).contains("incident opened", "Critical DENY by ci-bot");
  }

  @Test
  void discordEmbedHasColourFieldsTimestampAndTheCommandsForAnApproval() {
    ObjectNode msg = DiscordMessage.body(TestEvents.approval("trc_9", "apr_0011"), LINKS);
    JsonNode embed = msg.at("/embeds/0");
    assertThat(embed.get("color").asInt()).isEqualTo(0xE67E22);
    assertThat(embed.get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(embed.get("url").asText()).isEqualTo("https://airlock.example/traces/trc_9");
    assertThat(embed.get("description").asText()).contains("airlock approval approve apr_0011",
        "airlock approval deny apr_0011");
    assertThat(embed.get("fields").get(0).get("name").asText()).isEqualTo("Decision");
    assertThat(embed.get("fields").get(0).get("inline").asBoolean()).isTrue();
    assertThat(msg.at("/allowed_mentions/parse").size()).isZero();
    assertThat(DiscordMessage.body(TestEvents.deny("t", "e1", "a", "CRITICAL"), NO_LINKS).at("/embeds/0/color").asInt())
        .isEqualTo(0xE74C3C);
  }

  @Test
  void teamsBodyIsAWorkflowsMessageWithAnAdaptiveCard() {
    ObjectNode msg = TeamsMessage.body(TestEvents.deny("trc_3", "default", "bot", "HIGH"), LINKS);
    assertThat(msg.get("type").asText()).isEqualTo("message");
    JsonNode attachment = msg.at("/attachments/0");
    assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asText()).isEqualTo("1.4");
    assertThat(card.at("/body/0/type").asText()).isEqualTo("TextBlock");
    assertThat(card.at("/body/1/type").asText()).isEqualTo("FactSet");
    assertThat(card.at("/body/1/facts/0/title").asText()).isEqualTo("Decision");
    assertThat(card.at("/actions/0/type").asText()).isEqualTo("Action.OpenUrl");
    assertThat(card.at("/actions/0/url").asText()).isEqualTo("https://airlock.example/traces/trc_3");
  }

  @Test
  void telegramSendMessageEscapesHtmlAndCarriesInlineButtons() throws Exception {
    ObjectNode config = JsonNodeFactory.instance.objectNode().put("bot_token", "123:ABC").put("chat_id", "-1001")
        .put("api_base", "http://127.0.0.1:9/");
    OutboundRequest r = TelegramMessage.render(config, TestEvents.approval("trc_9", "apr_0011"), NO_LINKS);
    assertThat(r.uri().toString()).isEqualTo("http://127.0.0.1:9/bot123:ABC/sendMessage");
    assertThat(r.toString()).doesNotContain("ABC");
    JsonNode body = read(r.body());
    assertThat(body.get("chat_id").asLong()).isEqualTo(-1001);
    assertThat(body.get("parse_mode").asText()).isEqualTo("HTML");
    assertThat(body.at("/reply_markup/inline_keyboard/0/0/callback_data").asText()).isEqualTo("approve:apr_0011");
    assertThat(body.at("/reply_markup/inline_keyboard/0/1/callback_data").asText()).isEqualTo("deny:apr_0011");
    JsonNode escaped = TelegramMessage.body("@ops_room", TestEvents.deny("t1", "default", "<script>&", "LOW"), NO_LINKS);
    assertThat(escaped.get("chat_id").asText()).isEqualTo("@ops_room");
    assertThat(escaped.get("text").asText()).contains("&lt;script&gt;&amp;").doesNotContain("<script>");
    assertThat(escaped.has("reply_markup")).isFalse();
  }

  @Test
  void webhookBodyIsTheEventJsonSignedWithTheChannelSecret() throws Exception {
    ObjectNode config = JsonNodeFactory.instance.objectNode().put("url", "https://siem.example/in")
        .put("secret", "s3cret").put("format", "json");
    config.putObject("headers").put("Authorization", "Splunk abc");
    DecisionAlert event = TestEvents.deny("trc_5", "default", "bot", "HIGH");
    OutboundRequest r = WebhookMessage.render(config, event, LINKS, Map.of());
    JsonNode body = read(r.body());
    assertThat(body.get("event_type").asText()).isEqualTo("DENY");
    assertThat(body.get("event_id").asText()).isEqualTo("trc_5");
    assertThat(body.get("time").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(body.get("env").asText()).isEqualTo("default");
    assertThat(body.get("agent").asText()).isEqualTo("bot");
    assertThat(body.get("severity").asText()).isEqualTo("HIGH");
    assertThat(body.get("tool").asText()).isEqualTo("slack");
    assertThat(body.at("/decision/reasons/0").asText()).isEqualTo("SECRET_DETECTED");
    assertThat(r.headers()).containsEntry("Authorization", "Splunk abc")
        .containsEntry("X-Airlock-Timestamp", "1772366405");
    // An independent HMAC-SHA256 (RFC 4231 test case 2 checks the primitive itself).
    assertThat(WebhookMessage.hmac("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(r.headers().get("X-Airlock-Signature")).isEqualTo("sha256=" + WebhookMessage.hmac("s3cret", r.body()));
    assertThat(AlertEventJson.fromJson(body)).isEqualTo(event);
    assertThat(AlertEventJson.fromJson(AlertEventJson.toJson(TestEvents.incident()))).isEqualTo(TestEvents.incident());

    ObjectNode cef = config.deepCopy().put("format", "cef");
    assertThatThrownBy(() -> WebhookMessage.render(cef, event, LINKS, Map.of()))
        .hasMessageContaining("format cef is not available");
    OutboundRequest plugged = WebhookMessage.render(cef, event, LINKS, Map.of("cef", new EventFormat() {
      @Override
      public String contentType() {
        return "text/plain";
      }

      @Override
      public byte[] encode(dev.airlock.admin.alerts.AlertEvent e) {
        return ("CEF:" + e.eventId()).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] encodeAll(List<dev.airlock.admin.alerts.AlertEvent> events) {
        throw new AssertionError("one event is rendered alone");
      }
    }));
    assertThat(new String(plugged.body(), StandardCharsets.UTF_8)).isEqualTo("CEF:trc_5");
    assertThat(plugged.headers()).containsEntry("Content-Type", "text/plain");
  }

  @Test
  void aTraceCarriesNoSecretValueIntoAnyPayload() {
    Trace t = TestEvents.trace("trc_7", "default", "bot", "DENY", "HIGH", null);
    DecisionAlert e = new DecisionAlert(t);
    String all = SlackMessage.body(e, LINKS) + "" + DiscordMessage.body(e, LINKS) + TeamsMessage.body(e, LINKS)
        + TelegramMessage.body("1", e, LINKS) + AlertEventJson.toJson(e);
    // Detector ids only: the data class names what was found, never the value.
    assertThat(all).doesNotContain("AKIA");
  }

  private static List<String> types(JsonNode blocks) {
    List<String> out = new ArrayList<>();
    blocks.forEach(b -> out.add(b.get("type").asText()));
    return out;
  }

  private static JsonNode read(byte[] body) throws Exception {
    return JSON.readTree(body);
  }
}
