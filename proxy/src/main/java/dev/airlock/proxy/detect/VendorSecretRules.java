package dev.airlock.proxy.detect;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * SECRETS rules for the token formats of cloud, developer-tool and SaaS vendors, written from each
 * vendor's documented format: a literal prefix where the format has one (the rule then only runs
 * where that prefix occurs), a literal inside the token otherwise, and for bare hex or random
 * values a vendor keyword in the name the value is assigned to. Every rule names the hosts that
 * issue the credential, so a credential sent back to its issuer is bound to its destination.
 */
final class VendorSecretRules {
  private static final IntPredicate ALNUM = c -> c < 128 && Chars.isAsciiAlnum((char) c);
  private static final IntPredicate TOKEN = c -> ALNUM.test(c) || c == '_' || c == '-';
  private static final IntPredicate BASE64 = c -> ALNUM.test(c) || c == '+' || c == '/' || c == '=';
  private static final IntPredicate DIGIT = c -> c >= '0' && c <= '9';
  /** Base64 tokens: no '=' since an assignment's '=' may precede them and padding ends them. */
  private static final IntPredicate BASE64_OR_TOKEN = c -> TOKEN.test(c) || c == '+' || c == '/';
  private static final IntPredicate TOKEN_OR_PAD = c -> TOKEN.test(c) || c == '=';
  private static final IntPredicate AZURE = c -> TOKEN.test(c) || c == '~' || c == '.';
  private static final String DISCORD_BOT = "[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}";
  private static final int MAX_TOKEN = 640;
  /** Short-term Bedrock keys carry a whole presigned URL. */
  private static final int MAX_BEDROCK = 4096;

  private VendorSecretRules() {}

  static List<TextDetector> create() {
    List<TextDetector> rules = new ArrayList<>();
    rules.addAll(chatAndCollaboration());
    rules.addAll(codeAndPackages());
    rules.addAll(cloud());
    rules.addAll(saas());
    rules.addAll(moreVendors());
    rules.addAll(VendorSecretRulesFinance.create());
    rules.addAll(VendorSecretRulesSocial.create());
    rules.addAll(VendorSecretRulesDevTools.create());
    rules.addAll(VendorSecretRulesCloud.create());
    return List.copyOf(rules);
  }

  private static List<TextDetector> chatAndCollaboration() {
    return List.of(
        // services/T<team>/B<bot>/<secret>, workflows/T<team>/A<app>/<id>/<secret>, triggers/T<team>/<id>/<secret>;
        // the span is the secret segment, so a stored URL keeps which workspace and hook it was
        urlToken("slack_webhook_url", hosts("hooks.slack.com"), List.of("hooks.slack.com/"),
            "hooks\\.slack\\.com/(?:services|workflows|triggers)/T[A-Za-z0-9_-]{6,16}/(?:[A-Za-z0-9_-]{6,24}/){1,2}"
                + "([A-Za-z0-9_-]{24,64})", minEntropy(3.5)),
        urlToken("discord_webhook_url", hosts("discord.com", "discordapp.com"),
            List.of("discord.com/api/webhooks/", "discordapp.com/api/webhooks/"),
            "discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_-]{60,68})", minEntropy(3.5)),
        // <base64 user id>.<base64 timestamp>.<hmac>, sent as "Authorization: Bot <token>"
        new RegexRule(DataClass.SECRETS, "discord_bot_token", List.of("bot "), List.of("Bot "), MAX_TOKEN,
            Pattern.compile("Bot (" + DISCORD_BOT + ")"), 1, ALNUM, minEntropy(3.5),
            hosts("discord.com", "discordapp.com")),
        new KeywordBoundRule("discord_bot_token", List.of("discord"), DISCORD_BOT, 59, TOKEN, minEntropy(3.5),
            hosts("discord.com", "discordapp.com")),
        // the OAuth client secret; the application's 64-hex public key is meant to be shared
        new KeywordBoundRule("discord_client_secret", List.of("discord"), "[A-Za-z0-9=_-]{32}", 32, TOKEN,
            minEntropy(3.5).and(Chars::hasDigit), hosts("discord.com", "discordapp.com")),
        // <bot id>:<35-char secret starting with A>
        new InfixRule("telegram_bot_token", List.of(":a"), ":A", 16, 36,
            Pattern.compile("[0-9]{5,16}:A[A-Za-z0-9_-]{34}"), DIGIT, 34, DIGIT, TOKEN, minEntropy(3.5),
            hosts("api.telegram.org")),
        prefixed("atlassian_api_token", hosts("atlassian.net", "api.atlassian.com", "atlassian.com"),
            List.of("ATATT3", "ATCTT3"), "AT[AC]TT3[A-Za-z0-9_=-]{186}", TOKEN, minEntropy(4.0)),
        prefixed("linear_api_key", hosts("api.linear.app"), List.of("lin_api_"), "lin_api_[A-Za-z0-9]{40}",
            TOKEN, minEntropy(3.5)),
        prefixed("notion_token", hosts("api.notion.com"), List.of("secret_", "ntn_"),
            "secret_[A-Za-z0-9]{43}|ntn_[0-9]{11}[A-Za-z0-9]{35}", TOKEN,
            minEntropy(3.5).and(Chars::hasDigit)),
        prefixed("sendgrid_api_key", hosts("api.sendgrid.com"), List.of("SG."),
            "SG\\.[A-Za-z0-9=_.-]{66}", TOKEN, minEntropy(3.5)),
        prefixed("mailgun_api_key", hosts("api.mailgun.net", "api.eu.mailgun.net"), List.of("key-"),
            "key-[a-z0-9]{32}", TOKEN, minEntropy(3.5).and(Chars::hasDigit).and(VendorSecretRules::hasLower)),
        new KeywordBoundRule("mailgun_api_key", List.of("mailgun"), "[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}", 50, TOKEN,
            minEntropy(3.0), hosts("api.mailgun.net", "api.eu.mailgun.net")),
        // Twilio API key SIDs; account SIDs (AC…) only name an account and are not secrets.
        prefixed("twilio_api_key", hosts("twilio.com"), List.of("SK"), "SK[0-9a-fA-F]{32}", TOKEN,
            minEntropy(3.0).and(Chars::hasDigit).and(v -> Chars.hasLetter(v.substring(2)))),
        prefixed("postman_api_key", hosts("api.getpostman.com", "api.postman.com"), List.of("PMAK-"),
            "PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}", TOKEN, minEntropy(3.0)));
  }

  private static List<TextDetector> codeAndPackages() {
    return List.of(
        prefixed("gitlab_token", hosts("gitlab.com"),
            List.of("glpat-", "gldt-", "glrt-", "glptt-", "GR1348941", "glsoat-", "glffct-", "glcbt-", "glimt-",
                "gloas-", "glagent-", "glft-"),
            String.join("|",
                // personal, project and group access tokens; the routable form ends in .<version><crc>
                "glpat-[A-Za-z0-9_-]{20,300}(?:\\.[0-9a-z]{2}\\.?[0-9a-z]{7,9})?",
                "gl(?:dt|rt|soat|ffct|ft)-[A-Za-z0-9_-]{20,300}(?:\\.[0-9a-z]{2}\\.?[0-9a-z]{7,9})?",
                "glptt-[0-9a-f]{40}",
                "GR1348941[A-Za-z0-9_-]{20}",
                "glcbt-[0-9a-zA-Z]{1,5}_[A-Za-z0-9_-]{20}",
                "glimt-[A-Za-z0-9_-]{25}",
                "gloas-[A-Za-z0-9_-]{64}",
                "glagent-[A-Za-z0-9_-]{50}"),
            TOKEN, minEntropy(3.0)),
        // 34 letters, no digits: the generic assignment rule, which wants digits, misses them
        prefixed("huggingface_token", hosts("huggingface.co", "hf.co"), List.of("hf_", "api_org_"),
            "hf_[A-Za-z]{34}|api_org_[A-Za-z]{34}", TOKEN, minEntropy(3.5)),
        prefixed("npm_token", hosts("registry.npmjs.org", "npmjs.com"), List.of("npm_"), "npm_[A-Za-z0-9]{36}",
            TOKEN, minEntropy(3.5).and(Chars::hasDigit)),
        // a macaroon whose base64 starts with the location "pypi.org" (or "test.pypi.org")
        prefixed("pypi_token", hosts("pypi.org", "upload.pypi.org", "test.pypi.org"),
            List.of("pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"),
            "pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}", TOKEN, minEntropy(3.5)),
        prefixed("sentry_token", hosts("sentry.io"), List.of("sntrys_", "sntryu_"),
            "sntrys_eyJ[A-Za-z0-9+/=]{20,600}_[A-Za-z0-9+/]{43}|sntryu_[a-f0-9]{64}", BASE64_OR_TOKEN,
            minEntropy(3.5)),
        prefixed("pulumi_token", hosts("api.pulumi.com"), List.of("pul-"), "pul-[a-f0-9]{40}", TOKEN,
            minEntropy(3.0)));
  }

  private static List<TextDetector> cloud() {
    return List.of(
        prefixed("google_api_key", hosts("googleapis.com", "google.com"), List.of("AIza"),
            "AIza[A-Za-z0-9_-]{35}", TOKEN, minEntropy(3.5)),
        // long-term keys: "ABSK" + base64 of "BedrockAPIKey-…"; short-term: base64 of a presigned URL
        prefixed("aws_bedrock_api_key", MAX_BEDROCK, hosts("amazonaws.com"),
            List.of("ABSKQmVkcm9ja0FQSUtleS", "bedrock-api-key-"),
            "ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{100,400}={0,2}"
                + "|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{40,}={0,2}",
            BASE64_OR_TOKEN, minEntropy(3.5)),
        new KeywordBoundRule("azure_storage_key", List.of("accountkey", "account_key", "storage_key"),
            "[A-Za-z0-9+/]{86}==", 88, BASE64, minEntropy(4.0), hosts("core.windows.net")),
        // <3 chars><digit>Q~<31-34 chars>
        new InfixRule("azure_ad_client_secret", List.of("q~"), "Q~", 4, 36,
            Pattern.compile("[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}"), DIGIT, 31, AZURE, AZURE, minEntropy(3.5),
            hosts("login.microsoftonline.com", "login.windows.net")),
        prefixed("digitalocean_token", hosts("api.digitalocean.com", "cloud.digitalocean.com"),
            List.of("dop_v1_", "doo_v1_", "dor_v1_"), "do[por]_v1_[a-f0-9]{64}", TOKEN, minEntropy(3.0)),
        prefixed("databricks_token", hosts("cloud.databricks.com", "azuredatabricks.net", "gcp.databricks.com"),
            List.of("dapi"), "dapi[a-f0-9]{32}(?:-[0-9])?", TOKEN,
            minEntropy(3.0).and(v -> Chars.hasDigit(v) && hasLower(v.substring(4)))),
        prefixed("heroku_api_key", hosts("api.heroku.com"), List.of("HRKU-"), "HRKU-AA[A-Za-z0-9_-]{58}", TOKEN,
            minEntropy(3.5)),
        new KeywordBoundRule("heroku_api_key", List.of("heroku"),
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 36, TOKEN, minEntropy(3.0),
            hosts("api.heroku.com")),
        prefixed("cloudflare_origin_ca_key", hosts("api.cloudflare.com"), List.of("v1.0-"),
            "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}", TOKEN, minEntropy(3.0)),
        new KeywordBoundRule("cloudflare_api_key", List.of("cloudflare", "cf_api_", "cf-api-"),
            "[A-Za-z0-9_-]{40}|[a-f0-9]{37}", 37, TOKEN, minEntropy(3.5).and(Chars::hasDigit),
            hosts("api.cloudflare.com")),
        new KeywordBoundRule("datadog_key", List.of("datadog", "dd_api_key", "dd_app_key", "dd_application_key",
            "dd-api-key", "dd-application-key"),
            "[A-Za-z0-9]{40}|[A-Za-z0-9]{32}", 32, TOKEN, minEntropy(3.0).and(Chars::hasDigit),
            hosts("datadoghq.com", "datadoghq.eu", "ddog-gov.com")),
        prefixed("dynatrace_token", hosts("live.dynatrace.com", "apps.dynatrace.com", "dynatrace.com"),
            List.of("dt0c01."), "dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}", TOKEN, minEntropy(3.5)),
        // legacy API keys are base64 of {"k":"…","n":"…","id":…}
        prefixed("grafana_token", hosts("grafana.net", "grafana.com"), List.of("glc_", "glsa_", "eyJrIjoi"),
            "glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|eyJrIjoi[A-Za-z0-9+/]{60,400}={0,2}",
            BASE64_OR_TOKEN, minEntropy(3.5)),
        prefixed("doppler_token", hosts("api.doppler.com"), List.of("dp.pt.", "dp.st.", "dp.sa.", "dp.ct.",
            "dp.scim.", "dp.audit."), "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}", TOKEN,
            minEntropy(3.5)),
        prefixed("vault_token", hosts(), List.of("hvs.", "hvb."),
            "hvs\\.[A-Za-z0-9_-]{90,120}|hvb\\.[A-Za-z0-9_-]{138,300}", TOKEN, minEntropy(3.5)),
        new InfixRule("terraform_cloud_token", List.of(".atlasv1."), ".atlasv1.", 14, 80,
            Pattern.compile("[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}"), ALNUM, 60, ALNUM, TOKEN_OR_PAD,
            minEntropy(3.5),
            hosts("app.terraform.io")));
  }

  private static List<TextDetector> saas() {
    return List.of(
        prefixed("shopify_token", hosts("myshopify.com", "shopify.com"),
            List.of("shpat_", "shpca_", "shppa_", "shpss_"), "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", TOKEN,
            minEntropy(3.0)),
        prefixed("onepassword_token", hosts("1password.com"), List.of("ops_eyJ"),
            "ops_eyJ[A-Za-z0-9+/]{250,}={0,3}", BASE64_OR_TOKEN, minEntropy(3.5)),
        // the account Secret Key: A3-<6>-<11 or 6-5>-<5>-<5>-<5>
        prefixed("onepassword_secret_key", hosts("1password.com"), List.of("A3-"),
            "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}", TOKEN,
            minEntropy(3.0).and(Chars::hasDigit)),
        // bech32, upper case
        prefixed("age_secret_key", hosts(), List.of("AGE-SECRET-KEY-1"),
            "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", TOKEN, minEntropy(3.5)));
  }

  /** Formats with a distinctive prefix of their own, one rule per vendor. */
  private static List<TextDetector> moreVendors() {
    return List.of(
        prefixed("artifactory_token", hosts("jfrog.io"), List.of("AKCp", "cmVmd"),
            "AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59}", TOKEN, minEntropy(4.0)),
        prefixed("alibaba_access_key_id", hosts("aliyuncs.com"), List.of("LTAI"), "LTAI[A-Za-z0-9]{20}", TOKEN,
            minEntropy(3.0)),
        prefixed("adobe_client_secret", hosts("adobe.io", "adobelogin.com"), List.of("p8e-"), "p8e-[A-Za-z0-9]{32}",
            TOKEN, minEntropy(3.0)),
        prefixed("clojars_token", hosts("clojars.org"), List.of("CLOJARS_"), "CLOJARS_[A-Za-z0-9]{60}", TOKEN,
            minEntropy(3.0)),
        prefixed("clickhouse_cloud_key", hosts("clickhouse.cloud"), List.of("4b1d"), "4b1d[A-Za-z0-9]{38}", TOKEN,
            minEntropy(3.5)),
        prefixed("rubygems_token", hosts("rubygems.org"), List.of("rubygems_"), "rubygems_[a-f0-9]{48}", TOKEN,
            minEntropy(3.0)),
        prefixed("scalingo_token", hosts("scalingo.com"), List.of("tk-us-"), "tk-us-[A-Za-z0-9_-]{48}", TOKEN,
            minEntropy(3.0)),
        prefixed("brevo_api_key", hosts("api.brevo.com", "api.sendinblue.com"), List.of("xkeysib-"),
            "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}", TOKEN, minEntropy(3.0)),
        prefixed("settlemint_token", hosts("settlemint.com"), List.of("sm_aat_", "sm_pat_", "sm_sat_"),
            "sm_(?:aat|pat|sat)_[A-Za-z0-9]{16}", TOKEN, minEntropy(3.0)),
        prefixed("shippo_token", hosts("api.goshippo.com"), List.of("shippo_live_", "shippo_test_"),
            "shippo_(?:live|test)_[a-fA-F0-9]{40}", TOKEN, minEntropy(3.0)),
        prefixed("square_token", hosts("squareup.com", "squareupsandbox.com"), List.of("EAAA", "sq0atp-", "sq0csp-"),
            "(?:EAAA|sq0atp-|sq0csp-)[A-Za-z0-9_-]{22,60}", TOKEN, minEntropy(3.5)),
        prefixed("typeform_token", hosts("api.typeform.com"), List.of("tfp_"), "tfp_[A-Za-z0-9_.=-]{59}", TOKEN,
            minEntropy(3.5)),
        prefixed("infracost_token", hosts("infracost.io"), List.of("ico-"), "ico-[A-Za-z0-9]{32}", TOKEN,
            minEntropy(3.0)),
        prefixed("sourcegraph_token", hosts("sourcegraph.com"), List.of("sgp_"),
            "sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40}", TOKEN, minEntropy(3.0)),
        prefixed("newrelic_key", hosts("newrelic.com", "nr-data.net"), List.of("NRAK-", "NRII-", "NRJS-"),
            "NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9-]{32}|NRJS-[a-f0-9]{19}", TOKEN, minEntropy(3.0)),
        prefixed("intra42_client_secret", hosts("api.intra.42.fr"), List.of("s-s4t2ud-", "s-s4t2af-"),
            "s-s4t2(?:ud|af)-[a-fA-F0-9]{64}", TOKEN, minEntropy(3.0)),
        prefixed("flyio_token", hosts("fly.io", "api.machines.dev"), List.of("fo1_"), "fo1_[A-Za-z0-9_-]{43}", TOKEN,
            minEntropy(3.5)),
        prefixed("frameio_token", hosts("api.frame.io"), List.of("fio-u-"), "fio-u-[A-Za-z0-9_=-]{64}", TOKEN,
            minEntropy(3.5)),
        prefixed("duffel_token", hosts("api.duffel.com"), List.of("duffel_test_", "duffel_live_"),
            "duffel_(?:test|live)_[A-Za-z0-9_=-]{43}", TOKEN, minEntropy(3.5)),
        prefixed("easypost_key", hosts("api.easypost.com"), List.of("EZAK", "EZTK"), "EZ[AT]K[A-Za-z0-9]{54}", TOKEN,
            minEntropy(3.5)),
        prefixed("planetscale_token", hosts("api.planetscale.com", "psdb.cloud"),
            List.of("pscale_tkn_", "pscale_pw_", "pscale_oauth_"),
            "pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}", TOKEN, minEntropy(3.5)),
        prefixed("prefect_token", hosts("api.prefect.cloud"), List.of("pnu_"), "pnu_[A-Za-z0-9]{36}", TOKEN,
            minEntropy(3.5).and(Chars::hasDigit)),
        prefixed("readme_key", hosts("dash.readme.com", "readme.com"), List.of("rdme_"), "rdme_[a-z0-9]{70}", TOKEN,
            minEntropy(3.5)),
        prefixed("perplexity_key", hosts("api.perplexity.ai"), List.of("pplx-"), "pplx-[A-Za-z0-9]{48}", TOKEN,
            minEntropy(3.5)),
        prefixed("openshift_token", hosts(), List.of("sha256~"), "sha256~[A-Za-z0-9_-]{43}", TOKEN, minEntropy(3.5)),
        prefixed("flutterwave_secret_key", hosts("api.flutterwave.com"), List.of("FLWSECK-", "FLWSECK_TEST-"),
            "FLWSECK(?:_TEST)?-[a-h0-9]{32}-X", TOKEN, minEntropy(3.0)),
        prefixed("supabase_token", hosts("api.supabase.com", "supabase.co"), List.of("sbp_"), "sbp_[a-f0-9]{40}",
            TOKEN, minEntropy(3.0)),
        prefixed("groq_key", hosts("api.groq.com"), List.of("gsk_"), "gsk_[A-Za-z0-9]{52}", TOKEN, minEntropy(3.5)),
        prefixed("xai_key", hosts("api.x.ai"), List.of("xai-"), "xai-[A-Za-z0-9]{80}", TOKEN, minEntropy(3.5)),
        prefixed("replicate_token", hosts("api.replicate.com"), List.of("r8_"), "r8_[A-Za-z0-9]{37}", TOKEN,
            minEntropy(3.5)),
        // the receiver's webhook signing secret: no issuer it would be sent to
        prefixed("stripe_webhook_secret", hosts(), List.of("whsec_"), "whsec_[A-Za-z0-9+/=]{32,64}", TOKEN,
            minEntropy(3.5)));
  }

  private static RegexRule prefixed(String name, List<String> issuerHosts, List<String> anchors, String regex,
      IntPredicate tokenChar, Predicate<String> accept) {
    return prefixed(name, MAX_TOKEN, issuerHosts, anchors, regex, tokenChar, accept);
  }

  private static RegexRule prefixed(String name, int maxLength, List<String> issuerHosts, List<String> anchors,
      String regex, IntPredicate tokenChar, Predicate<String> accept) {
    List<String> keywords = anchors.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().toList();
    return new RegexRule(DataClass.SECRETS, name, keywords, anchors, maxLength, Pattern.compile(regex), 0,
        tokenChar, accept, issuerHosts);
  }

  /** A token inside a URL: the whole URL anchors the match, group 1 is the token reported. */
  private static RegexRule urlToken(String name, List<String> issuerHosts, List<String> anchors, String regex,
      Predicate<String> accept) {
    List<String> keywords = anchors.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().toList();
    return new RegexRule(DataClass.SECRETS, name, keywords, anchors, MAX_TOKEN, Pattern.compile(regex), 1, TOKEN,
        accept, issuerHosts);
  }

  private static List<String> hosts(String... hosts) {
    return List.of(hosts);
  }

  private static Predicate<String> minEntropy(double bits) {
    return value -> Chars.entropy(value) >= bits;
  }

  private static boolean hasLower(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 'a' && c <= 'z') {
        return true;
      }
    }
    return false;
  }
}
