package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.IntegrationSecrets;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bot API methods a button press needs, on {@code {api_base}/bot{token}/{method}}. The URL
 * holds the bot's token, so it is never logged.
 */
final class TelegramBotApi {
  private static final Logger log = LoggerFactory.getLogger(TelegramBotApi.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Telegram's limit on a message's text. */
  static final int MAX_TEXT = 4096;
  private static final int MAX_ANSWER = 200;

  private final ChatHttp http;

  TelegramBotApi(ChatHttp http) {
    this.http = requireNonNull(http, "http");
  }

  /** Stops the button's spinner, showing {@code text} to the person who pressed it. */
  CompletableFuture<Boolean> answerCallbackQuery(IntegrationSecrets.TelegramBot bot, String callbackId, String text) {
    ObjectNode body = NODES.objectNode();
    body.put("callback_query_id", callbackId);
    body.put("text", text.length() > MAX_ANSWER ? text.substring(0, MAX_ANSWER - 1) + "…" : text);
    return call(bot, "answerCallbackQuery", body);
  }

  /** Replaces the message's text and removes its buttons. */
  CompletableFuture<Boolean> editMessageText(IntegrationSecrets.TelegramBot bot, TelegramCallback at, String text) {
    ObjectNode body = NODES.objectNode();
    if (!at.inlineMessageId().isEmpty() && at.chatId() == null) {
      body.put("inline_message_id", at.inlineMessageId());
    } else {
      body.set("chat_id", at.chatId());
      body.put("message_id", at.messageId());
    }
    body.put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 1) + "…" : text);
    body.putObject("reply_markup").putArray("inline_keyboard");
    return call(bot, "editMessageText", body);
  }

  private CompletableFuture<Boolean> call(IntegrationSecrets.TelegramBot bot, String method, ObjectNode body) {
    URI uri;
    try {
      String base = bot.apiBase().toString();
      uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
          + "/bot" + bot.botToken() + "/" + method);
    } catch (IllegalArgumentException e) {
      log.warn("telegram channel {}: the Bot API URL cannot be formed; {} not called", bot.channelId(), method);
      return CompletableFuture.completedFuture(false);
    }
    return http.post(uri, body).handle((r, e) -> {
      if (e != null) {
        log.warn("telegram channel {}: {} failed: {}", bot.channelId(), method, e.getClass().getSimpleName());
        return false;
      }
      if (r.statusCode() / 100 != 2) {
        log.warn("telegram channel {}: {} answered {}", bot.channelId(), method, r.statusCode());
        return false;
      }
      return true;
    });
  }
}
