package dev.airlock.proxy.detect;

import static dev.airlock.proxy.detect.VendorRuleParts.ALNUM;
import static dev.airlock.proxy.detect.VendorRuleParts.BASE64_OR_TOKEN;
import static dev.airlock.proxy.detect.VendorRuleParts.TOKEN;
import static dev.airlock.proxy.detect.VendorRuleParts.TOKEN_OR_PAD;
import static dev.airlock.proxy.detect.VendorRuleParts.hosts;
import static dev.airlock.proxy.detect.VendorRuleParts.keywordBound;
import static dev.airlock.proxy.detect.VendorRuleParts.length;
import static dev.airlock.proxy.detect.VendorRuleParts.minEntropy;
import static dev.airlock.proxy.detect.VendorRuleParts.prefixed;
import static dev.airlock.proxy.detect.VendorRuleParts.random;
import static dev.airlock.proxy.detect.VendorRuleParts.randomHex;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * SECRETS rules for cloud platforms, identity providers, observability, storage, data and AI APIs
 * beyond the ones {@link VendorSecretRules} lists.
 */
final class VendorSecretRulesCloud {
  /** Printable ASCII but quotes: Freemius secret keys use punctuation too. */
  private static final IntPredicate PRINTABLE = c -> c > ' ' && c < 127 && c != '\'' && c != '"';
  private static final String MAPBOX = "k\\.eyJ1Ijoi[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}";

  private VendorSecretRulesCloud() {}

  static List<TextDetector> create() {
    return List.of(
        // API tokens: 00 and 40 chars
        keywordBound("okta_api_token", hosts("okta.com", "oktapreview.com", "okta-emea.com"), List.of("okta"),
            "00[A-Za-z0-9_=-]{40}", 42, TOKEN, minEntropy(3.5)),
        // access ids are su and 12 chars, access keys 64 chars
        keywordBound("sumologic_key", hosts("sumologic.com"), List.of("sumo"), "[A-Za-z0-9]{64}|su[A-Za-z0-9]{12}",
            14, TOKEN, random(3.0)),
        keywordBound("cisco_meraki_api_key", hosts("meraki.com"), List.of("meraki"), "[a-f0-9]{40}", 40, TOKEN,
            randomHex()),
        // a 16-char key and its 64-char secret
        keywordBound("confluent_api_key", hosts("confluent.cloud"), List.of("confluent"),
            "[A-Za-z0-9+/]{64}|[A-Z0-9]{16}", 16, BASE64_OR_TOKEN, random(3.0)),
        // dnkey-<26>-<52>
        prefixed("defined_networking_token", 96, hosts("defined.net"), List.of("dnkey-"),
            "dnkey-[A-Za-z0-9]{26}-[A-Za-z0-9]{52}", TOKEN, minEntropy(3.5)),
        // <prefix>_<client id>.<key id>.acc_<account>.<private key>
        prefixed("authress_access_key", 240, hosts("authress.io"), List.of("sc_", "ext_", "scauth_", "authress_"),
            "(?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\\.[A-Za-z0-9]{4,6}\\.acc[_-][A-Za-z0-9-]{10,32}"
                + "\\.[A-Za-z0-9+/_=-]{30,120}",
            BASE64_OR_TOKEN, minEntropy(3.5)),
        // <6>_<29>_mmk
        new InfixRule("maxmind_license_key", List.of("_mmk"), "_mmk", 36, 4,
            Pattern.compile("[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk"), ALNUM, 0, TOKEN, TOKEN, minEntropy(3.5),
            hosts("maxmind.com")),
        // short-lived tokens: sl. (or sl.u.) and a run of 130 to 1,500 base64url chars; the run is counted
        // by hand before the pattern looks at a window this long
        dropboxShortLived("sl."),
        dropboxShortLived("sl.u."),
        // long-lived tokens hold ten A's after 11 chars; app keys and secrets are 15 chars
        keywordBound("dropbox_token", hosts("dropboxapi.com", "dropbox.com"), List.of("dropbox"),
            "[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=-]{43}|[a-z0-9]{15}", 15, TOKEN, random(3.0)),
        keywordBound("algolia_api_key", hosts("algolia.net", "algolianet.com", "algolia.io"), List.of("algolia"),
            "[a-f0-9]{32}", 32, TOKEN, randomHex()),
        // the client id is an identifier; the secret is 24 chars
        keywordBound("looker_client_secret", hosts("looker.com", "looker.app"), List.of("looker"), "[A-Za-z0-9]{24}",
            24, TOKEN, random(3.0)),
        keywordBound("cohere_api_key", hosts("cohere.com", "cohere.ai"), List.of("cohere", "co_api_key"),
            "[A-Za-z0-9]{40}", 40, TOKEN, random(3.5)),
        keywordBound("privateai_api_key", hosts("private-ai.com"), List.of("privateai", "private_ai", "private-ai"),
            "[A-Za-z0-9]{32}", 32, TOKEN, random(3.0)),
        // secret (sk.) and temporary (tk.) tokens; the payload is base64url of {"u":"<user>",…}
        prefixed("mapbox_token", 360, hosts("mapbox.com"), List.of("sk.eyJ1Ijoi", "tk.eyJ1Ijoi"), "[st]" + MAPBOX,
            TOKEN, minEntropy(3.5)),
        // public (pk.) tokens are shipped to browsers; only one assigned to a Mapbox name counts
        keywordBound("mapbox_token", hosts("mapbox.com"), List.of("mapbox"), "[pst]" + MAPBOX, 60, TOKEN,
            minEntropy(3.5)),
        // API keys: AQVN and 35 to 38 chars; IAM tokens: t1.9euelZ…
        prefixed("yandex_cloud_token", 640, hosts("yandex.net", "yandexcloud.net", "yandex.cloud"),
            List.of("AQVN", "t1.9euelZ"),
            "AQVN[A-Za-z0-9_-]{35,38}|t1\\.9euelZ[A-Za-z0-9_-]+={0,2}\\.[A-Za-z0-9_-]{86}={0,2}", TOKEN,
            minEntropy(3.5)),
        // static access keys for the S3-compatible API: YC and 38 chars
        keywordBound("yandex_cloud_token", hosts("yandex.net", "yandexcloud.net", "yandex.cloud"), List.of("yandex"),
            "YC[A-Za-z0-9_-]{38}", 40, TOKEN, random(3.5)),
        keywordBound("alibaba_secret_key", hosts("aliyuncs.com"), List.of("alibaba", "aliyun"), "[A-Za-z0-9]{30}", 30,
            TOKEN, random(3.5)),
        // the client id doubles as the x-api-key of every Adobe API call
        keywordBound("adobe_client_id", hosts("adobe.io", "adobelogin.com"), List.of("adobe"), "[a-f0-9]{32}", 32,
            TOKEN, randomHex()),
        // 'secret_key' => 'sk_…' in the Freemius SDK's configuration; Stripe's sk_live_/sk_test_ are stripe_key
        keywordBound("freemius_secret_key", hosts("freemius.com"), List.of("secret_key"), "sk_[!#-&(-~]{29}", 32,
            PRINTABLE, minEntropy(3.5).and(v -> !v.startsWith("sk_live_") && !v.startsWith("sk_test_"))));
  }

  private static InfixRule dropboxShortLived(String prefix) {
    return new InfixRule("dropbox_token", List.of("sl."), prefix, 0, prefix.length() + 1500,
        Pattern.compile(Pattern.quote(prefix) + "[A-Za-z0-9_=-]+"), c -> !TOKEN.test(c), 130, TOKEN, TOKEN_OR_PAD,
        length(prefix.length() + 130, prefix.length() + 1500).and(minEntropy(4.0)),
        hosts("dropboxapi.com", "dropbox.com"));
  }
}
