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
   * @param envNames the environments whose approvals its buttons may decide ({@code ["*"]}: all)
   */
  record SlackApp(String channelId, String signingSecret, List<String> envNames) {
    public SlackApp {
      envNames = envNames == null ? List.of("*") : List.copyOf(envNames);
    }

    /** An app of a channel serving every environment. */
    public SlackApp(String channelId, String signingSecret) {
      this(channelId, signingSecret, List.of("*"));
    }

    /** Whether its buttons may decide an approval of environment {@code env}. */
    public boolean serves(String env) {
      return envNames.contains("*") || envNames.contains(env);
    }
  }

  /**
   * @param channelId the alert channel
   * @param botToken the bot's token
   * @param apiBase Bot API base, https://api.telegram.org unless configured otherwise
   * @param envNames the environments whose approvals its buttons may decide ({@code ["*"]}: all)
   */
  record TelegramBot(String channelId, String botToken, URI apiBase, List<String> envNames) {
    public TelegramBot {
      envNames = envNames == null ? List.of("*") : List.copyOf(envNames);
    }

    /** A bot of a channel serving every environment. */
    public TelegramBot(String channelId, String botToken, URI apiBase) {
      this(channelId, botToken, apiBase, List.of("*"));
    }

    /** Whether its buttons may decide an approval of environment {@code env}. */
    public boolean serves(String env) {
      return envNames.contains("*") || envNames.contains(env);
    }
  }
}
