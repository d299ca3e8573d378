package dev.airlock.admin.alerts;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What the chat integration endpoints (Slack interactions, Telegram webhook) verify callers
 * against, read from the configured alert channels. Those endpoints carry no bearer token: the
 * channel's secret is their only authentication.
 */
public interface IntegrationSecrets {
  IntegrationSecrets NONE = new IntegrationSecrets() {
    @Override
    public List<SlackApp> slackApps() {
      return List.of();
    }

    @Override
    public Optional<TelegramBot> telegramBySecretToken(String secretToken) {
      return Optional.empty();
    }
  };

  /** The signing secret of every Slack channel; a request is genuine when one of them verifies it. */
  List<SlackApp> slackApps();

  /** The Telegram channel whose webhook secret token is {@code secretToken}, compared in constant time. */
  Optional<TelegramBot> telegramBySecretToken(String secretToken);

  /**
   * @param channelId the alert channel
   * @param signingSecret Slack's signing secret of the app behind the channel
   */
  record SlackApp(String channelId, String signingSecret) {}

  /**
   * @param channelId the alert channel
   * @param botToken the bot's token
   * @param apiBase Bot API base, https://api.telegram.org unless configured otherwise
   */
  record TelegramBot(String channelId, String botToken, URI apiBase) {}
}
