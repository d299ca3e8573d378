package dev.airlock.proxy.detect;

import static dev.airlock.proxy.detect.VendorRuleParts.BASE64_OR_TOKEN;
import static dev.airlock.proxy.detect.VendorRuleParts.TOKEN;
import static dev.airlock.proxy.detect.VendorRuleParts.UUID;
import static dev.airlock.proxy.detect.VendorRuleParts.hosts;
import static dev.airlock.proxy.detect.VendorRuleParts.keywordBound;
import static dev.airlock.proxy.detect.VendorRuleParts.minEntropy;
import static dev.airlock.proxy.detect.VendorRuleParts.prefixed;
import static dev.airlock.proxy.detect.VendorRuleParts.random;
import static dev.airlock.proxy.detect.VendorRuleParts.randomHex;

import java.util.List;

/** SECRETS rules for banking, payment, commerce and crypto-exchange credentials. */
final class VendorSecretRulesFinance {
  private VendorSecretRulesFinance() {}

  static List<TextDetector> create() {
    return List.of(
        // access-<environment>-<uuid>
        prefixed("plaid_access_token", 64, hosts("plaid.com"),
            List.of("access-sandbox-", "access-development-", "access-production-"),
            "access-(?:sandbox|development|production)-" + UUID, TOKEN, minEntropy(3.0)),
        // the client id is an identifier; the secret is 30 hex chars
        keywordBound("plaid_secret", hosts("plaid.com"), List.of("plaid"), "[a-f0-9]{30}", 30, TOKEN, randomHex()),
        keywordBound("coinbase_api_key", hosts("coinbase.com"), List.of("coinbase"), "[A-Za-z0-9_-]{64}", 64, TOKEN,
            random(3.5)),
        // the private key is 64 bytes in base64, the public API key 56 chars
        keywordBound("kraken_api_key", hosts("kraken.com"), List.of("kraken"),
            "[A-Za-z0-9+/]{86}={0,2}|[A-Za-z0-9+/]{56}", 56, BASE64_OR_TOKEN, random(4.0)),
        // a 24-hex key and a UUID secret
        keywordBound("kucoin_api_key", hosts("kucoin.com"), List.of("kucoin"), UUID + "|[a-f0-9]{24}", 24, TOKEN,
            randomHex()),
        keywordBound("bittrex_api_key", hosts("bittrex.com"), List.of("bittrex"), "[A-Za-z0-9]{32}", 32, TOKEN,
            random(3.0)),
        // a 32-hex app key and a 20-char partner secret
        keywordBound("finicity_key", hosts("finicity.com"), List.of("finicity"), "[a-f0-9]{32}|[A-Za-z0-9]{20}", 20,
            TOKEN, random(3.0)),
        keywordBound("finnhub_api_key", hosts("finnhub.io"), List.of("finnhub"), "[A-Za-z0-9]{20}", 20, TOKEN,
            random(3.0)),
        keywordBound("gocardless_token", hosts("gocardless.com"), List.of("gocardless"),
            "(?:live|sandbox)_[A-Za-z0-9_=-]{40}", 45, TOKEN, minEntropy(3.5)),
        // live_ or test_, then 35 hex chars; the *_pub_ keys are publishable by design
        prefixed("lob_api_key", 48, hosts("lob.com"), List.of("live_", "test_"), "(?:live|test)_[a-f0-9]{35}", TOKEN,
            randomHex()),
        keywordBound("etsy_api_key", hosts("etsy.com"), List.of("etsy"), "[a-z0-9]{24}", 24, TOKEN, random(3.0)),
        keywordBound("freshbooks_token", hosts("freshbooks.com"), List.of("freshbooks"), "[A-Za-z0-9]{64}", 64, TOKEN,
            random(3.0)),
        keywordBound("squarespace_token", hosts("squarespace.com"), List.of("squarespace"), UUID, 36, TOKEN,
            randomHex()),
        // the checkout encryption key: FLWSECK_TEST (or FLWSECK) and 12 hex chars, no dash
        prefixed("flutterwave_encryption_key", 32, hosts("api.flutterwave.com"), List.of("FLWSECK"),
            "FLWSECK(?:_TEST)?[a-f0-9]{12}", TOKEN, randomHex()));
  }
}
