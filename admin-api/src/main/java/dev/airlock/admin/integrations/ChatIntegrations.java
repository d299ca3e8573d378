package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.IntegrationSecrets;
import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalRepository;
import java.net.URI;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the chat approval endpoints need from the node: the secrets their callers are verified
 * against, and the origin Slack's {@code response_url}s must lie on.
 *
 * @param secrets the Slack signing secrets and Telegram secret tokens of the alert channels
 * @param slackResponseOrigin {@code https://hooks.slack.com} in production ({@code
 *     integrations.slack_response_origin})
 */
public record ChatIntegrations(IntegrationSecrets secrets, URI slackResponseOrigin) {
  public static final URI SLACK_ORIGIN = URI.create("https://hooks.slack.com");
  /** No chat channel: every call to the endpoints is refused. */
  public static final ChatIntegrations NONE = new ChatIntegrations(IntegrationSecrets.NONE, SLACK_ORIGIN);

  public ChatIntegrations {
    requireNonNull(secrets, "secrets");
    requireNonNull(slackResponseOrigin, "slackResponseOrigin");
  }

  /**
   * The two endpoints, deciding through {@code approvals} and handing each decision to {@code
   * decided} (the callback the REST API's approve and deny use).
   */
  public Endpoints endpoints(ApprovalRepository approvals, Consumer<Approval> decided, Clock clock, ObjectMapper json) {
    ChatApprovals decide = new ChatApprovals(approvals, decided);
    ChatHttp http = new ChatHttp(json);
    return new Endpoints(
        new SlackInteractions(secrets, new SlackSignature(clock), decide, new SlackResponder(slackResponseOrigin, http),
            json),
        new TelegramWebhook(secrets, decide, new TelegramBotApi(http), json));
  }

  /** The Slack interactions endpoint and the Telegram webhook. */
  public record Endpoints(SlackInteractions slack, TelegramWebhook telegram) {
    public Endpoints {
      requireNonNull(slack, "slack");
      requireNonNull(telegram, "telegram");
    }
  }
}
