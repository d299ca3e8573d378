package dev.airlock.proxy.detect;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The built-in SECRETS rules. Patterns follow the published token formats (the same ground
 * gitleaks covers) and are anchored on literal prefixes where the format has one, so the keyword
 * prefilter keeps them off the hot path for ordinary bodies.
 */
final class SecretRules {
  private static final IntPredicate ALNUM = c -> c < 128 && Chars.isAsciiAlnum((char) c);
  private static final IntPredicate ALNUM_UNDERSCORE = c -> ALNUM.test(c) || c == '_';
  private static final IntPredicate ALNUM_DASH = c -> ALNUM.test(c) || c == '-';
  private static final IntPredicate BASE64URL = c -> ALNUM.test(c) || c == '_' || c == '-';
  private static final IntPredicate NONE = c -> false;

  private SecretRules() {}

  static List<TextDetector> create() {
    return List.of(
        rule("aws_access_key", List.of("akia", "asia", "abia", "acca"),
            "(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}", 0, ALNUM, minEntropy(3.0)),
        rule("github_token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
            "gh[pousr]_[A-Za-z0-9]{36}", 0, ALNUM_UNDERSCORE, minEntropy(3.0)),
        rule("github_fine_grained_token", List.of("github_pat_"),
            "github_pat_[A-Za-z0-9_]{82}", 0, ALNUM_UNDERSCORE, minEntropy(3.0)),
        rule("slack_token", List.of("xoxb-", "xoxp-", "xoxe-", "xoxa-", "xoxr-", "xoxo-", "xoxs-", "xoxe.", "xapp-"),
            String.join("|",
                // bot tokens, current and legacy layouts
                "xoxb-[0-9]{8,14}-[A-Za-z0-9-]{18,}",
                // user tokens: three numeric ids and a 32-ish char secret
                "xox[pe](?:-[0-9]{8,13}){3}-[A-Za-z0-9]{28,34}",
                // legacy workspace access/refresh tokens
                "xox[ar]-(?:[0-9]+-)*[A-Za-z0-9]{8,48}",
                "xox[os]-[0-9]+-[0-9]+-[0-9]+-[A-Fa-f0-9]+",
                "(?i:xapp-[0-9]-[A-Z0-9]+-[0-9]+-[A-Z0-9]+)",
                "xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{163,166}"),
            0, ALNUM_DASH, minEntropy(2.5).and(Chars::hasDigit)),
        rule("stripe_key", List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_"),
            "(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}", 0, ALNUM_UNDERSCORE, minEntropy(3.0)),
        rule("openai_key", List.of("sk-proj-", "sk-svcacct-", "sk-admin-", "t3blbkfj"),
            "sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
            0, BASE64URL, minEntropy(3.5)),
        rule("anthropic_key", List.of("sk-ant-api03-", "sk-ant-admin01-"),
            "sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA", 0, BASE64URL, minEntropy(3.0)),
        rule("private_key", List.of("private key"),
            // A complete block through its END line, or, for a truncated paste, the header and the
            // base64 body that follows it (JSON-escaped line breaks included).
            "-----BEGIN[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----(?:[\\s\\S]*?-----END[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----"
                + "|(?:[A-Za-z0-9+/=\\s]|\\\\[nr])+)",
            0, NONE, PemBody::hasKeyMaterial),
        rule("jwt", List.of("eyj"),
            "eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*", 0,
            c -> BASE64URL.test(c) || c == '.', new JwtHeaderCheck()),
        rule("generic_api_key", GenericSecretValue.KEYWORDS, GenericSecretValue.ASSIGNMENT, 1, NONE,
            GenericSecretValue::isLikelySecret),
        rule("generic_api_key", List.of("bearer"), GenericSecretValue.BEARER, 1, NONE,
            GenericSecretValue::isLikelySecret));
  }

  private static RegexRule rule(
      String name, List<String> keywords, String regex, int group, IntPredicate tokenChar, Predicate<String> accept) {
    return new RegexRule(DataClass.SECRETS, name, keywords, Pattern.compile(regex), group, tokenChar, accept);
  }

  private static Predicate<String> minEntropy(double bits) {
    return value -> Chars.entropy(value) >= bits;
  }
}
