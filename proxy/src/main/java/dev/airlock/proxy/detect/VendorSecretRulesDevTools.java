package dev.airlock.proxy.detect;

import static dev.airlock.proxy.detect.VendorRuleParts.TOKEN;
import static dev.airlock.proxy.detect.VendorRuleParts.UUID;
import static dev.airlock.proxy.detect.VendorRuleParts.embedded;
import static dev.airlock.proxy.detect.VendorRuleParts.hosts;
import static dev.airlock.proxy.detect.VendorRuleParts.keywordBound;
import static dev.airlock.proxy.detect.VendorRuleParts.minEntropy;
import static dev.airlock.proxy.detect.VendorRuleParts.prefixed;
import static dev.airlock.proxy.detect.VendorRuleParts.random;
import static dev.airlock.proxy.detect.VendorRuleParts.randomHex;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * SECRETS rules for code hosting, CI, code quality, deployment and work-management tools, and the
 * developer-facing SaaS APIs agents script against.
 */
final class VendorSecretRulesDevTools {
  /** Asana's personal tokens hold '/' and ':' between their parts. */
  private static final IntPredicate ASANA = c -> TOKEN.test(c) || c == '/' || c == ':';

  private VendorSecretRulesDevTools() {}

  static List<TextDetector> create() {
    return List.of(
        // app passwords: ATBB and 32 alphanumerics
        prefixed("bitbucket_token", 48, hosts("bitbucket.org"), List.of("ATBB"), "ATBB[A-Za-z0-9]{32}", TOKEN,
            random(3.5)),
        // OAuth consumer secrets
        keywordBound("bitbucket_token", hosts("bitbucket.org"), List.of("bitbucket"),
            "[A-Za-z0-9=_-]{64}|[A-Za-z0-9]{32}", 32, TOKEN, random(3.5)),
        // upload tokens are UUIDs, API tokens 32 to 40 alphanumerics
        keywordBound("codecov_token", hosts("codecov.io"), List.of("codecov"), UUID + "|[A-Za-z0-9]{32,40}", 32, TOKEN,
            random(3.0)),
        keywordBound("droneci_token", hosts("drone.io"), List.of("droneci", "drone_token", "drone-token"),
            "[A-Za-z0-9]{32}", 32, TOKEN, random(3.0)),
        keywordBound("travisci_token", hosts("travis-ci.com", "travis-ci.org"), List.of("travis"), "[A-Za-z0-9]{22}",
            22, TOKEN, random(3.0)),
        // squ_ (user), sqp_ (project), sqa_ (global analysis), then 40 hex chars
        prefixed("sonar_token", 48, hosts("sonarcloud.io"), List.of("squ_", "sqp_", "sqa_"), "sq[upa]_[a-f0-9]{40}",
            TOKEN, randomHex()),
        keywordBound("sonar_token", hosts("sonarcloud.io"),
            List.of("sonar_token", "sonar.token", "sonar-token", "sonar_login", "sonar.login"), "[a-f0-9]{40}", 40,
            TOKEN, randomHex()),
        keywordBound("snyk_token", hosts("snyk.io"), List.of("snyk"), UUID, 36, TOKEN, randomHex()),
        // pat.<account id>.<token id>.<secret>, sat. for service accounts
        prefixed("harness_token", 96, hosts("harness.io"), List.of("pat.", "sat."),
            "[ps]at\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}", TOKEN, minEntropy(3.5)),
        prefixed("netlify_token", 48, hosts("netlify.com"), List.of("nfp_"), "nfp_[A-Za-z0-9]{36,40}", TOKEN,
            random(3.5)),
        keywordBound("netlify_token", hosts("netlify.com"), List.of("netlify"), "[A-Za-z0-9_-]{40,46}", 40, TOKEN,
            random(3.5)),
        // API keys (73 chars) and identity tokens (64) assigned to a JFrog name; the AKCp/cmVmd
        // prefixed forms are artifactory_token
        keywordBound("jfrog_token", hosts("jfrog.io"), List.of("jfrog", "artifactory"),
            "[A-Za-z0-9]{73}|[A-Za-z0-9]{64}", 64, TOKEN, random(3.5)),
        // api-, sdk- and mob- keys are a prefix and a UUID; the prefix alone is too common to anchor on
        keywordBound("launchdarkly_key", hosts("launchdarkly.com"), List.of("launchdarkly", "launch_darkly"),
            "(?:api|sdk|mob)-" + UUID + "|[A-Za-z0-9=_-]{40}", 36, TOKEN, random(3.0)),
        prefixed("octopus_deploy_api_key", 40, hosts("octopus.app", "octopus.com"), List.of("API-"),
            "API-[A-Z0-9]{26}", TOKEN, random(3.0)),
        // the session cookie of a signed-in user
        embedded("gitlab_session_cookie", hosts("gitlab.com"), List.of("_gitlab_session="),
            List.of("_gitlab_session="), "_gitlab_session=([0-9a-f]{32})", TOKEN, randomHex()),
        // https://<token>:<secret>@gems.contribsys.com (Sidekiq Pro/Enterprise gem source)
        embedded("sidekiq_secret", hosts("gems.contribsys.com", "enterprise.contribsys.com"),
            List.of("contribsys.com"), List.of("https://", "http://"),
            "https?://([a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\\.contribsys\\.com", TOKEN, value -> true),
        keywordBound("sidekiq_secret", hosts("gems.contribsys.com", "enterprise.contribsys.com"),
            List.of("bundle_gems__contribsys__com", "bundle_enterprise__contribsys__com"), "[a-f0-9]{8}:[a-f0-9]{8}",
            8, TOKEN, minEntropy(2.5)),
        // management tokens: CFPAT- and 43 chars; delivery tokens are bare
        prefixed("contentful_token", 56, hosts("contentful.com"), List.of("CFPAT-"), "CFPAT-[A-Za-z0-9_-]{43}", TOKEN,
            minEntropy(3.5)),
        keywordBound("contentful_token", hosts("contentful.com"), List.of("contentful"), "[A-Za-z0-9_=-]{43}", 43,
            TOKEN, random(3.5)),
        keywordBound("fastly_api_token", hosts("fastly.com"), List.of("fastly"), "[A-Za-z0-9_-]{32}", 32, TOKEN,
            random(3.5)),
        // personal access tokens: pat, a 14-char id, a dot and 64 hex chars
        prefixed("airtable_token", 96, hosts("airtable.com"), List.of("pat"), "pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}",
            TOKEN, minEntropy(3.5)),
        // the deprecated API key: key and 14 alphanumerics
        keywordBound("airtable_token", hosts("airtable.com"), List.of("airtable"), "key[A-Za-z0-9]{14}", 17, TOKEN,
            random(3.0)),
        // personal access tokens <version>/<user id>[/<app id>]:<32 hex>, and OAuth client secrets
        keywordBound("asana_token", hosts("asana.com"), List.of("asana"),
            "[0-9]/[0-9]{10,20}(?:/[0-9]{10,20})?:[a-f0-9]{32}|[A-Za-z0-9]{32}", 32, ASANA, random(3.0)),
        keywordBound("linear_client_secret", hosts("linear.app"),
            List.of("linear_client", "linear_secret", "linear_oauth", "linear-client"), "[a-f0-9]{32}", 32, TOKEN,
            randomHex()),
        // Adafruit IO keys: aio_ and 28 alphanumerics; older keys are 32 bare chars
        prefixed("adafruit_io_key", 40, hosts("adafruit.com"), List.of("aio_"), "aio_[A-Za-z0-9]{28}", TOKEN,
            random(3.5)),
        keywordBound("adafruit_io_key", hosts("adafruit.com"), List.of("adafruit"), "[A-Za-z0-9_-]{32}", 32, TOKEN,
            random(3.5)));
  }
}
