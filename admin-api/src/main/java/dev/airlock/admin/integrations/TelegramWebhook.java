package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.IntegrationSecrets;
import dev.airlock.admin.store.ApprovalDecision;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /api/v1/integrations/telegram/webhook}: updates of a Telegram channel's bot,
 * authenticated by the {@code X-Telegram-Bot-Api-Secret-Token} the bot's webhook was set with.
 * A press on an Approve or Deny button decides the approval once and releases what the node holds
 * for it; the press is answered and the message edited to show who decided, asynchronously. Other
 * updates are accepted and ignored. Blocking JDBC: runs on the store executor.
 */
public final class TelegramWebhook {
  private final IntegrationSecrets secrets;
  private final ChatApprovals approvals;
  private final TelegramBotApi bots;
  private final ObjectMapper json;

  TelegramWebhook(IntegrationSecrets secrets, ChatApprovals approvals, TelegramBotApi bots, ObjectMapper json) {
    this.secrets = requireNonNull(secrets, "secrets");
    this.approvals = requireNonNull(approvals, "approvals");
    this.bots = requireNonNull(bots, "bots");
    this.json = requireNonNull(json, "json");
  }

  /**
   * @param secretToken {@code X-Telegram-Bot-Api-Secret-Token}
   * @param body the update, JSON
   */
  public ChatAnswer receive(String secretToken, byte[] body, String requestId) {
    if (secretToken == null || secretToken.isEmpty()) {
      return ChatAnswer.unauthorized("X-Telegram-Bot-Api-Secret-Token is required");
    }
    Optional<IntegrationSecrets.TelegramBot> bot = secrets.telegramBySecretToken(secretToken);
    if (bot.isEmpty()) {
      return ChatAnswer.unauthorized("X-Telegram-Bot-Api-Secret-Token matches no Telegram channel");
    }
    JsonNode update;
    try {
      update = json.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      return ChatAnswer.invalid("body: not JSON (" + e.getOriginalMessage() + ")");
    }
    if (update == null || !update.isObject()) {
      return ChatAnswer.invalid("body: expected a Telegram update object");
    }
    TelegramCallback press = TelegramCallback.of(update);
    if (press == null) {
      return ChatAnswer.ignored("not a callback query");
    }
    ApprovalStatus decision = press.decision();
    if (decision == null) {
      return ChatAnswer.ignored("not an Airlock button: " + press.data());
    }
    Optional<ApprovalDecision> result = approvals.decide(press.approvalId(), decision, press.user(), requestId,
        bot.get()::serves);
    if (result.isEmpty()) {
      bots.answerCallbackQuery(bot.get(), press.id(), "Airlock has no approval " + press.approvalId());
      return ChatAnswer.ignored("no approval " + press.approvalId());
    }
    ApprovalDecision d = result.get();
    bots.answerCallbackQuery(bot.get(), press.id(), DecisionText.toClicker(d, "telegram"));
    if (press.hasMessage()) {
      String state = (d.approval().status() == ApprovalStatus.APPROVED ? "✅ "
          : d.approval().status() == ApprovalStatus.DENIED ? "⛔ " : "⌛ ") + DecisionText.state(d.approval(), "telegram");
      String text = press.text().isBlank() ? "Airlock approval " + d.approval().id() : press.text();
      bots.editMessageText(bot.get(), press, text + "\n\n" + state);
    }
    return ChatAnswer.done();
  }
}
