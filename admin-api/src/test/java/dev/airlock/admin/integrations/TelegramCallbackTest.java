package dev.airlock.admin.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.spi.ApprovalStatus;
import org.junit.jupiter.api.Test;

/** Reading the callback query of a Telegram update (shapes from the Bot API's Update and CallbackQuery). */
class TelegramCallbackTest {
  static TelegramCallback read(String update) throws Exception {
    return TelegramCallback.of(SlackClicks.JSON.readTree(update));
  }

  @Test
  void aPressOnAChatMessageNamesTheUserTheDecisionAndTheMessage() throws Exception {
    TelegramCallback c = read("{\"update_id\":1,\"callback_query\":{\"id\":\"4382bfdwdsb323b2d9\",\"from\":{\"id\":4242,"
        + "\"is_bot\":false,\"first_name\":\"Bob\",\"username\":\"bob\"},\"message\":{\"message_id\":12,"
        + "\"chat\":{\"id\":-1001234567890,\"type\":\"supergroup\"},\"text\":\"Approval needed\"},"
        + "\"chat_instance\":\"-1\",\"data\":\"deny:apr_0123\"}}");
    assertThat(c.id()).isEqualTo("4382bfdwdsb323b2d9");
    assertThat(c.user()).isEqualTo(new ChatUser("telegram", "4242", "bob"));
    assertThat(c.decision()).isEqualTo(ApprovalStatus.DENIED);
    assertThat(c.approvalId()).isEqualTo("apr_0123");
    assertThat(c.chatId().asLong()).isEqualTo(-1001234567890L);
    assertThat(c.messageId()).isEqualTo(12);
    assertThat(c.text()).isEqualTo("Approval needed");
    assertThat(c.hasMessage()).isTrue();
  }

  @Test
  void withoutAUsernameTheFullNameIsUsedAndAnInlineMessageIsEditedByItsId() throws Exception {
    TelegramCallback c = read("{\"update_id\":2,\"callback_query\":{\"id\":\"q\",\"from\":{\"id\":7,"
        + "\"first_name\":\"Carol\",\"last_name\":\"Smith\"},\"inline_message_id\":\"AAAA\",\"data\":\"approve:apr_1\"}}");
    assertThat(c.user().name()).isEqualTo("Carol Smith");
    assertThat(c.decision()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(c.chatId()).isNull();
    assertThat(c.inlineMessageId()).isEqualTo("AAAA");
    assertThat(c.hasMessage()).isTrue();
  }

  @Test
  void otherUpdatesOtherDataAndPressesWithoutASenderAreNotAirlocks() throws Exception {
    assertThat(read("{\"update_id\":3,\"message\":{\"message_id\":1,\"text\":\"/start\",\"chat\":{\"id\":1}}}")).isNull();
    assertThat(read("{\"update_id\":4,\"callback_query\":{\"id\":\"q\",\"data\":\"approve:apr_1\"}}")).isNull();
    TelegramCallback other = read("{\"update_id\":5,\"callback_query\":{\"id\":\"q\",\"from\":{\"id\":1},"
        + "\"data\":\"approved:apr_1\"}}");
    assertThat(other.decision()).isNull();
    assertThat(other.hasMessage()).isFalse();
  }
}
