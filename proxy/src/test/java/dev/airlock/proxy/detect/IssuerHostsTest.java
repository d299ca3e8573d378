package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IssuerHostsTest {
  private static final Detectors DETECTORS = new Detectors(DetectorSettings.defaults());

  @ParameterizedTest(name = "{0} to {1}: {2}")
  @CsvSource({
      "SECRETS.github_token, api.github.com, true",
      "SECRETS.github_token, github.com, true",
      "SECRETS.github_token, evilgithub.com, false",
      "SECRETS.github_token, github.com.evil.example, false",
      "SECRETS.openai_key, api.openai.com, true",
      "SECRETS.openai_key, API.OpenAI.com., true",
      "SECRETS.openai_key, api.anthropic.com, false",
      "SECRETS.slack_webhook_url, hooks.slack.com, true",
      "SECRETS.slack_token, slack.com, true",
      "SECRETS.gitlab_token, gitlab.com, true",
      "SECRETS.huggingface_token, huggingface.co, true",
      "SECRETS.google_api_key, maps.googleapis.com, true",
      "SECRETS.azure_storage_key, acme.blob.core.windows.net, true",
      "SECRETS.aws_bedrock_api_key, bedrock-runtime.us-east-1.amazonaws.com, true",
      "SECRETS.datadog_key, api.datadoghq.eu, true",
      "SECRETS.shopify_token, acme.myshopify.com, true",
      "SECRETS.telegram_bot_token, api.telegram.org, true",
      "SECRETS.discord_bot_token, discord.com, true",
      "SECRETS.npm_token, registry.npmjs.org, true",
      "SECRETS.npm_token, registry.yarnpkg.com, false",
      "SECRETS.mailchimp_api_key, us21.api.mailchimp.com, true",
      "SECRETS.microsoft_teams_webhook_url, acme.webhook.office.com, true",
      "SECRETS.microsoft_teams_webhook_url, office.com, false",
      "SECRETS.plaid_access_token, production.plaid.com, true",
      "SECRETS.facebook_access_token, graph.facebook.com, true",
      "SECRETS.twitter_bearer_token, api.x.com, true",
      "SECRETS.twitter_bearer_token, evilx.com, false",
      "SECRETS.okta_api_token, acme.okta.com, true",
      "SECRETS.dropbox_token, content.dropboxapi.com, true",
      "SECRETS.hubspot_token, api.hubapi.com, true",
      "SECRETS.sidekiq_secret, gems.contribsys.com, true",
      "SECRETS.yandex_cloud_token, iam.api.cloud.yandex.net, true",
      "SECRETS.generic_api_key, api.github.com, false",
      "SECRETS.jwt, api.openai.com, false",
      "SECRETS.private_key, github.com, false"
  })
  void aCredentialIsBoundOnlyToItsIssuersHosts(String detectorId, String host, boolean bound) {
    assertThat(DETECTORS.isIssuer(detectorId, host)).isEqualTo(bound);
  }
}
