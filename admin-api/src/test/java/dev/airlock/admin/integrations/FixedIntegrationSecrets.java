package dev.airlock.admin.integrations;

import dev.airlock.admin.alerts.IntegrationSecrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/** Integration secrets given directly, as the alert channels' configuration would provide them. */
public final class FixedIntegrationSecrets implements IntegrationSecrets {
  private final List<SlackApp> slack;
  private final List<Telegram> telegram;

  /** A bot and the secret token its webhook was set with. */
  public record Telegram(String secretToken, TelegramBot bot) {}

  public FixedIntegrationSecrets(List<SlackApp> slack, List<Telegram> telegram) {
    this.slack = List.copyOf(slack);
    this.telegram = List.copyOf(telegram);
  }

  @Override
  public List<SlackApp> slackApps() {
    return slack;
  }

  @Override
  public Optional<TelegramBot> telegramBySecretToken(String secretToken) {
    byte[] given = secretToken.getBytes(StandardCharsets.UTF_8);
    return telegram.stream()
        .filter(t -> MessageDigest.isEqual(t.secretToken().getBytes(StandardCharsets.UTF_8), given))
        .map(Telegram::bot)
        .findFirst();
  }
}
