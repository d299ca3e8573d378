package dev.airlock.proxy.detect;

import static dev.airlock.proxy.detect.VendorRuleParts.BASE64_OR_TOKEN;
import static dev.airlock.proxy.detect.VendorRuleParts.HEX;
import static dev.airlock.proxy.detect.VendorRuleParts.TOKEN;
import static dev.airlock.proxy.detect.VendorRuleParts.UUID;
import static dev.airlock.proxy.detect.VendorRuleParts.embedded;
import static dev.airlock.proxy.detect.VendorRuleParts.hosts;
import static dev.airlock.proxy.detect.VendorRuleParts.keywordBound;
import static dev.airlock.proxy.detect.VendorRuleParts.length;
import static dev.airlock.proxy.detect.VendorRuleParts.minEntropy;
import static dev.airlock.proxy.detect.VendorRuleParts.prefixed;
import static dev.airlock.proxy.detect.VendorRuleParts.random;
import static dev.airlock.proxy.detect.VendorRuleParts.randomHex;

import com.google.re2j.Pattern;
import java.util.List;

/** SECRETS rules for social networks, messaging, marketing, support and media APIs. */
final class VendorSecretRulesSocial {
  private VendorSecretRulesSocial() {}

  static List<TextDetector> create() {
    return List.of(
        // user and page access tokens: EAA, then a long alphanumeric run
        prefixed("facebook_access_token", 640, hosts("facebook.com"), List.of("EAA"), "EAA[A-Za-z0-9]+",
            BASE64_OR_TOKEN, length(103, 603).and(minEntropy(4.0))),
        // the app secret (32 hex) and the app access token <app id>|<app secret>
        keywordBound("facebook_app_secret", hosts("facebook.com"), List.of("facebook", "fb_app_secret", "fb_secret"),
            "[0-9]{15,16}\\|[A-Za-z0-9_-]{27,40}|[a-f0-9]{32}", 15, TOKEN, random(3.0)),
        // app-only bearer tokens open with a run of A's (URL-encoded base64, hence %)
        prefixed("twitter_bearer_token", 160, hosts("twitter.com", "x.com"), List.of("AAAAAAAAAAAAAAAAAAAA"),
            "AAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]+", c -> BASE64_OR_TOKEN.test(c) || c == '%',
            length(80, 154).and(random(3.5))),
        // consumer key (25) and secret (50), access token (<user id>-<random>) and secret (45)
        keywordBound("twitter_api_key", hosts("twitter.com", "x.com"), List.of("twitter"),
            "[0-9]{15,25}-[A-Za-z0-9]{20,40}|[A-Za-z0-9]{50}|[A-Za-z0-9]{45}|[A-Za-z0-9]{25}", 25, TOKEN, random(3.5)),
        keywordBound("twitch_api_token", hosts("twitch.tv"), List.of("twitch"), "[a-z0-9]{30}", 30, TOKEN,
            random(3.0)),
        // the client id is an identifier; the secret is 16 chars
        keywordBound("linkedin_client_secret", hosts("linkedin.com"), List.of("linkedin", "linked_in", "linked-in"),
            "[A-Za-z0-9]{16}", 16, TOKEN, random(3.0)),
        keywordBound("flickr_api_key", hosts("flickr.com"), List.of("flickr"), "[a-f0-9]{32}", 32, TOKEN,
            randomHex()),
        keywordBound("nytimes_api_key", hosts("nytimes.com"),
            List.of("nytimes", "newyorktimes", "new-york-times", "new_york_times"), "[A-Za-z0-9_=-]{32}", 32, TOKEN,
            random(3.5)),
        keywordBound("gitter_token", hosts("gitter.im"), List.of("gitter"), "[A-Za-z0-9_-]{40}", 40, TOKEN,
            random(3.0)),
        keywordBound("mattermost_token", hosts("mattermost.com"), List.of("mattermost"), "[a-z0-9]{26}", 26, TOKEN,
            random(3.0)),
        // https://<tenant>.webhook.office.com/webhookb2/<group>@<tenant id>/IncomingWebhook/<key>/<creator>[/V2<sig>]
        embedded("microsoft_teams_webhook_url", hosts("webhook.office.com"), List.of("webhook.office.com/webhookb2/"),
            List.of("webhook.office.com/webhookb2/"),
            "webhook\\.office\\.com/webhookb2/" + UUID + "@" + UUID + "/IncomingWebhook/([A-Za-z0-9]{32}/" + UUID
                + "(?:/V2[A-Za-z0-9_-]{20,100})?)",
            TOKEN, minEntropy(3.0)),
        // the API key; the client id is a UUID identifier
        keywordBound("messagebird_api_key", hosts("messagebird.com", "bird.com"),
            List.of("messagebird", "message_bird", "message-bird"), "[A-Za-z0-9]{25}", 25, TOKEN, random(3.0)),
        keywordBound("sendbird_token", hosts("sendbird.com"), List.of("sendbird"), "[a-f0-9]{40}", 40, TOKEN,
            randomHex()),
        // base64, padded
        keywordBound("intercom_token", hosts("intercom.io"), List.of("intercom"), "[A-Za-z0-9+/_-]{56,60}={0,2}", 56,
            BASE64_OR_TOKEN, random(3.5)),
        keywordBound("zendesk_api_token", hosts("zendesk.com"), List.of("zendesk"), "[A-Za-z0-9]{40}", 40, TOKEN,
            random(3.5)),
        // private app tokens: pat-<region>-<uuid>
        prefixed("hubspot_token", 64, hosts("hubapi.com", "hubspot.com"), List.of("pat-"),
            "pat-(?:na|eu|ap)[0-9]-" + UUID, TOKEN, minEntropy(3.0)),
        // the legacy API key (hapikey) is a bare UUID
        keywordBound("hubspot_token", hosts("hubapi.com", "hubspot.com"), List.of("hubspot", "hapikey"),
            "(?i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", 36, TOKEN, randomHex()),
        // <32 hex>-us<datacenter>
        new InfixRule("mailchimp_api_key", List.of("-us"), "-us", 32, 5,
            Pattern.compile("[a-f0-9]{32}-us[0-9]{1,2}"), HEX, 1, TOKEN, TOKEN, randomHex(),
            hosts("api.mailchimp.com")),
        keywordBound("beamer_api_key", hosts("getbeamer.com"), List.of("beamer"), "b_[A-Za-z0-9+/_-]{42,44}={0,2}", 44,
            BASE64_OR_TOKEN, random(3.5)),
        keywordBound("rapidapi_key", hosts("rapidapi.com"), List.of("rapidapi"), "[A-Za-z0-9_-]{50}", 50, TOKEN,
            random(3.5)));
  }
}
