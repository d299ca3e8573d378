package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRulesTest {
  /** Formats with no single issuer the credential would be sent to. */
  private static final List<String> WITHOUT_ISSUER = List.of("SECRETS.vault_token", "SECRETS.age_secret_key",
      "SECRETS.openshift_token", "SECRETS.stripe_webhook_secret", "SECRETS.jwt", "SECRETS.private_key",
      "SECRETS.generic_api_key");

  @Test
  void everySecretRuleIsGatedByTheKeywordPrefilter() {
    for (TextDetector rule : SecretRules.create()) {
      assertThat(rule.keywords()).as(rule.getClass().getSimpleName() + " " + rule.detectorId()).isNotEmpty();
    }
  }

  @Test
  void everyVendorRuleNamesItsIssuersHosts() {
    for (TextDetector rule : SecretRules.create()) {
      if (!WITHOUT_ISSUER.contains(rule.detectorId())) {
        assertThat(rule.issuerHosts()).as(rule.detectorId()).isNotEmpty();
      }
    }
  }
}
