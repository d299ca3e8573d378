package dev.airlock.admin.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.spi.ApprovalStatus;

/**
 * A press on an inline button, from a Telegram update's {@code callback_query}. Airlock's buttons
 * carry {@code approve:<approval id>} or {@code deny:<approval id>} as their data.
 *
 * @param id the callback query's id, answered with {@code answerCallbackQuery}
 * @param user who pressed
 * @param data the button's callback data
 * @param chatId chat of the message the button was on (null for an inline-mode message)
 * @param messageId that message's id (0 when absent)
 * @param inlineMessageId id of an inline-mode message ("" otherwise)
 * @param text the message's text ("" when it has none)
 */
public record TelegramCallback(String id, ChatUser user, String data, JsonNode chatId, long messageId,
    String inlineMessageId, String text) {

  /** The callback query of {@code update}, or null when the update is something else or lacks its parts. */
  static TelegramCallback of(JsonNode update) {
    JsonNode q = update.path("callback_query");
    if (!q.isObject()) {
      return null;
    }
    String id = q.path("id").asText("");
    JsonNode from = q.path("from");
    if (id.isBlank() || !from.hasNonNull("id")) {
      return null;
    }
    String name = from.path("username").asText("");
    if (name.isBlank()) {
      name = (from.path("first_name").asText("") + " " + from.path("last_name").asText("")).strip();
    }
    JsonNode message = q.path("message");
    JsonNode chat = message.path("chat").get("id");
    return new TelegramCallback(id, new ChatUser("telegram", from.get("id").asText(), name),
        q.path("data").asText(""), chat != null && (chat.isIntegralNumber() || chat.isTextual()) ? chat : null,
        message.path("message_id").asLong(0), q.path("inline_message_id").asText(""),
        message.path("text").asText(""));
  }

  /** APPROVED or DENIED for Airlock's buttons, null for any other data. */
  ApprovalStatus decision() {
    if (data.startsWith("approve:")) {
      return ApprovalStatus.APPROVED;
    }
    if (data.startsWith("deny:")) {
      return ApprovalStatus.DENIED;
    }
    return null;
  }

  /** The approval id after the {@code approve:} or {@code deny:} prefix. */
  String approvalId() {
    return data.substring(data.indexOf(':') + 1);
  }

  /** Whether the message can be edited (its chat and id, or its inline id, are known). */
  boolean hasMessage() {
    return (chatId != null && messageId != 0) || !inlineMessageId.isEmpty();
  }
}
