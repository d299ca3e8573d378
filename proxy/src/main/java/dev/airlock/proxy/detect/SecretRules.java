package dev.airlock.proxy.detect;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The built-in SECRETS rules. Patterns follow the published token formats (the same ground
 * gitleaks covers), each anchored on the literal prefix of its format.
 */
final class SecretRules {
  private static final IntPredicate ALNUM = c -> c < 128 && Chars.isAsciiAlnum((char) c);
  private static final IntPredicate ALNUM_UNDERSCORE = c -> ALNUM.test(c) || c == '_';
  private static final IntPredicate ALNUM_DASH = c -> ALNUM.test(c) || c == '-';
  private static final IntPredicate BASE64URL = c -> ALNUM.test(c) || c == '_' || c == '-';
  /** JWTs run to several KB when they carry many claims. */
  private static final int MAX_JWT = 16 * 1024;
  private static final int MAX_TOKEN = 512;
  private static final List<String> GITHUB = List.of("github.com", "api.github.com", "uploads.github.com");

  private SecretRules() {}

  static List<TextDetector> create() {
    List<TextDetector> all = new ArrayList<>(ownRules());
    all.addAll(VendorSecretRules.create());
    // Structural and generic rules last: the merger keeps the more specific finding anyway.
    all.add(new PrivateKeyDetector());
    all.add(new RegexRule(DataClass.SECRETS, "jwt", List.of("eyj"), List.of("eyJ"), MAX_JWT,
        Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"), 0,
        c -> BASE64URL.test(c) || c == '.', new JwtHeaderCheck(), List.of()));
    all.add(new GenericSecretDetector());
    return List.copyOf(all);
  }

  private static List<TextDetector> ownRules() {
    return List.of(
        // A3T?: the older unique-id prefixes of access keys (A3T + one more character)
        rule("aws_access_key", List.of("amazonaws.com"), List.of("akia", "asia", "abia", "acca", "a3t"),
            List.of("AKIA", "ASIA", "ABIA", "ACCA", "A3T"),
            "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}", ALNUM, minEntropy(3.0)),
        rule("github_token", GITHUB, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
            List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
            "gh[pousr]_[A-Za-z0-9]{36}", ALNUM_UNDERSCORE, minEntropy(3.0)),
        rule("github_fine_grained_token", GITHUB, List.of("github_pat_"), List.of("github_pat_"),
            "github_pat_[A-Za-z0-9_]{82}", ALNUM_UNDERSCORE, minEntropy(3.0)),
        rule("slack_token", List.of("slack.com"), List.of("xox", "xapp-"), List.of("xox", "xapp-"),
            String.join("|",
                // bot tokens, current and legacy layouts
                "xoxb-[0-9]{8,14}-[A-Za-z0-9-]{10,}",
                // user tokens: three numeric ids and a 32-ish char secret
                "xox[pe](?:-[0-9]{8,13}){3}-[A-Za-z0-9-]{28,34}",
                // legacy workspace access/refresh tokens
                "xox[ar]-(?:[0-9]+-)*[A-Za-z0-9]{8,48}",
                "xox[os]-[0-9]+-[0-9]+-[0-9]+-[A-Fa-f0-9]+",
                "xapp-[0-9]-[A-Za-z0-9]+-[0-9]+-[A-Za-z0-9]+",
                // app configuration access and refresh tokens
                "xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{163,166}",
                "xoxe-[0-9]-[A-Za-z0-9]{146}"),
            ALNUM_DASH, minEntropy(2.5).and(Chars::hasDigit)),
        rule("stripe_key", List.of("api.stripe.com"),
            List.of("sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_"),
            List.of("sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_"),
            "(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}", ALNUM_UNDERSCORE, minEntropy(3.0)),
        rule("openai_key", List.of("api.openai.com"), List.of("sk-proj-", "sk-svcacct-", "sk-admin-", "t3blbkfj"),
            List.of("sk-"),
            "sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
            BASE64URL, minEntropy(3.5)),
        rule("anthropic_key", List.of("api.anthropic.com"), List.of("sk-ant-api03-", "sk-ant-admin01-"),
            List.of("sk-ant-"),
            "sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA", BASE64URL, minEntropy(3.0)));
  }

  private static RegexRule rule(String name, List<String> issuerHosts, List<String> keywords, List<String> anchors,
      String regex, IntPredicate tokenChar, Predicate<String> accept) {
    return new RegexRule(DataClass.SECRETS, name, keywords, anchors, MAX_TOKEN, Pattern.compile(regex), 0,
        tokenChar, accept, issuerHosts);
  }

  private static Predicate<String> minEntropy(double bits) {
    return value -> Chars.entropy(value) >= bits;
  }
}
