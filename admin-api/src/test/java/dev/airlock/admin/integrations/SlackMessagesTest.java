package dev.airlock.admin.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.Approval;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Slack's interaction payloads and writing the card that replaces the original. */
class SlackMessagesTest {
  static final Instant DECIDED = Instant.parse("2026-12-07T10:15:30Z");

  static Approval approval(ApprovalStatus status, String decidedBy) {
    return new Approval("apr_0123456789abcdef01234567", "default", "local-agent", "key_1", "generic", "post",
        "api.example.com", "POST", "/deploy", "a".repeat(64), List.of("DEPLOY_NEEDS_APPROVAL"), "p/r", "MEDIUM",
        "trc_1", status, DECIDED.minusSeconds(60), DECIDED.plusSeconds(86_400),
        status == ApprovalStatus.PENDING ? null : DECIDED, decidedBy, null);
  }

  @Test
  void aBlockActionsPayloadIsReadForUserActionResponseUrlAndMessage() {
    String payload = SlackClicks.payload(SlackInteraction.APPROVE, "apr_1", "U2CERLKJA", "roadrunner",
        "https://hooks.slack.com/actions/T1DC2JH3J/1/abc");
    SlackInteraction i = SlackInteraction.parse(SlackClicks.form(payload).getBytes(StandardCharsets.UTF_8),
        SlackClicks.JSON);
    assertThat(i.type()).isEqualTo("block_actions");
    assertThat(i.isAirlockButton()).isTrue();
    assertThat(i.actionId()).isEqualTo("airlock_approve");
    assertThat(i.value()).isEqualTo("apr_1");
    assertThat(i.user()).isEqualTo(new ChatUser("slack", "U2CERLKJA", "roadrunner"));
    assertThat(i.user().actor("req_1").keyId()).isEqualTo("slack:roadrunner (U2CERLKJA)");
    assertThat(i.user().actor("req_1").role()).isEqualTo("channel");
    assertThat(i.responseUrl()).isEqualTo("https://hooks.slack.com/actions/T1DC2JH3J/1/abc");
    assertThat(i.message().path("blocks")).hasSize(2);
  }

  @Test
  void otherInteractionsAndButtonsAreNotAirlocksAndUnreadableBodiesAreInvalid() {
    String other = SlackClicks.payload("somebody_elses_button", "apr_1", "U1", "x", "https://hooks.slack.com/a");
    assertThat(SlackInteraction.parse(SlackClicks.form(other).getBytes(StandardCharsets.UTF_8), SlackClicks.JSON)
        .isAirlockButton()).isFalse();
    String shortcut = "{\"type\":\"shortcut\",\"callback_id\":\"x\",\"user\":{\"id\":\"U1\"}}";
    assertThat(SlackInteraction.parse(SlackClicks.form(shortcut).getBytes(StandardCharsets.UTF_8), SlackClicks.JSON)
        .isAirlockButton()).isFalse();
    for (String body : List.of("", "payload=", "text=hello", "payload=%7Bnot+json", "payload=%5B1%5D",
        "payload=%7B%7D&payload=%7B%7D")) {
      assertThatThrownBy(() -> SlackInteraction.parse(body.getBytes(StandardCharsets.UTF_8), SlackClicks.JSON))
          .as(body).isInstanceOf(SlackInteraction.InvalidPayload.class).hasMessageStartingWith("payload:");
    }
  }

  @Test
  void theReplacementKeepsTheCardDropsAirlocksButtonsAndSaysWhoDecidedAndWhen() {
    ObjectNode card = SlackClicks.card("apr_0123456789abcdef01234567");
    ObjectNode reply = SlackReply.replacement(card, approval(ApprovalStatus.APPROVED, "slack:roadrunner (U2CERLKJA)"));
    assertThat(reply.get("replace_original").asBoolean()).isTrue();
    JsonNode blocks = reply.get("blocks");
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0)).isEqualTo(card.get("blocks").get(0));
    assertThat(blocks.get(1).get("type").asText()).isEqualTo("context");
    assertThat(blocks.get(1).at("/elements/0/text").asText())
        .isEqualTo(":white_check_mark: Approved by roadrunner at 2026-12-07 10:15:30 UTC");
    assertThat(reply.get("text").asText()).startsWith(card.get("text").asText())
        .endsWith("(Approved by roadrunner at 2026-12-07 10:15:30 UTC)");
    assertThat(reply.toString()).doesNotContain("airlock_approve", "airlock_deny");
  }

  @Test
  void theStateLineNamesDecidersFromElsewhereExpiryAndEscapesMarkup() {
    assertThat(SlackReply.replacement(null, approval(ApprovalStatus.DENIED, "telegram:bob (4242)"))
        .at("/blocks/1/elements/0/text").asText()).isEqualTo(":no_entry: Denied by bob (Telegram) at 2026-12-07 10:15:30 UTC");
    assertThat(SlackReply.replacement(null, approval(ApprovalStatus.APPROVED, "tok_abc"))
        .at("/blocks/1/elements/0/text").asText()).contains("Approved by admin key tok_abc at");
    assertThat(SlackReply.replacement(null, approval(ApprovalStatus.EXPIRED, null))
        .at("/blocks/1/elements/0/text").asText()).isEqualTo(":hourglass: Expired at 2026-12-07 10:15:30 UTC without a decision");
    assertThat(SlackReply.replacement(null, approval(ApprovalStatus.APPROVED, "slack:<!channel> & co (U1)"))
        .at("/blocks/1/elements/0/text").asText()).contains("Approved by &lt;!channel&gt; &amp; co at");
    assertThat(SlackReply.unknownApproval("apr_<x>").get("response_type").asText()).isEqualTo("ephemeral");
    assertThat(SlackReply.unknownApproval("apr_<x>").get("replace_original").asBoolean()).isFalse();
  }

  @Test
  void chatUsersAreCleanedOfControlCharactersAndCapped() {
    ChatUser u = new ChatUser("slack", "U1\n", "rob\u0000ert\r\n" + "x".repeat(200));
    assertThat(u.id()).isEqualTo("U1");
    assertThat(u.name()).startsWith("robertx").hasSize(80);
    assertThat(new ChatUser("telegram", "42", "").actor("req_1").keyId()).isEqualTo("telegram:42 (42)");
    assertThatThrownBy(() -> new ChatUser("slack", "\n", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
