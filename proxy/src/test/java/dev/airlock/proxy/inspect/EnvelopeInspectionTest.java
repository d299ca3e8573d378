package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.server.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets outside the body — in header values, the URL path and the query — are found, and a
 * credential sent to its own issuer is told apart from the same credential sent anywhere else.
 * Decisions come from the starter policies, as the proxy runs them.
 */
class EnvelopeInspectionTest {
  private static final String AWS = "AKIAIOSFODNN7EXAMPLE";
  private static final String GITHUB = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
  private static final String TELEGRAM = "8456326187:AAjV8uMfvdxC6lpq10L_p0KdCrlW_Kx5BoZ";
  private static final String DISCORD_TOKEN = "HAeAD4B6Cy-FDd2x9KAL02Ia9-0x-W816HX_0yuzKNYxOW0ul1-KCK4Me77Jh-vFDSez";
  private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
      + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
      + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  private static final AgentContext AGENT = new AgentContext("a", "default", null);

  private final PolicyEngine engine = StarterPolicies.engine();
  private final RequestInspector inspector = new RequestInspector(ToolCatalog.load(null),
      new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of("example.com"), Set.of("acme")));
  private final InspectingDecider decider = new InspectingDecider(inspector, engine, new Redactor());

  private static InspectedRequest get(String host, String path, String query, String... headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
    }
    return new InspectedRequest("https", host, 443, "GET", path, query, h, new byte[0], true);
  }

  private static InspectedRequest post(String host, String path, byte[] body, String... headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
    }
    return new InspectedRequest("https", host, 443, "POST", path, null, h, body, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x-api-key", "authorization", "x-custom", "cookie", "user-agent"})
  void aForeignKeyInAnyHeaderIsEgressAndDenied(String header) {
    Verdict v = decider.decide(get("api.example.net", "/v1/items", null, header, AWS), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("SECRET_DETECTED");
    assertThat(v.dataClasses()).containsExactly("SECRETS.aws_access_key");
  }

  @Test
  void aKeyInThePathIsDeniedAndTheStoredPathDoesNotHoldIt() {
    Verdict v = decider.decide(get("api.example.net", "/v1/keys/" + AWS + "/rotate", null), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.dataClasses()).containsExactly("SECRETS.aws_access_key");
    assertThat(v.storedPath()).isEqualTo("/v1/keys/[REDACTED:SECRETS]/rotate");
  }

  @Test
  void aPercentEncodedKeyInThePathIsFoundAndRedactedWithItsEscapes() {
    String encoded = "AKIA%49OSFODNN7EXAMPLE"; // %49 = 'I'
    Verdict v = decider.decide(get("api.example.net", "/v1/" + encoded, null), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.storedPath()).isEqualTo("/v1/[REDACTED:SECRETS]").doesNotContain("EXAMPLE");
  }

  @Test
  void theAgentsOwnGithubTokenToGithubIsBoundAndAllowed() {
    Verdict v = decider.decide(get("api.github.com", "/user", null, "authorization", "Bearer " + GITHUB), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.ALLOW);
    assertThat(v.dataClasses()).isEmpty();
    assertThat(v.boundDataClasses()).containsExactly("SECRETS.github_token");
  }

  @ParameterizedTest
  @CsvSource({"api.example.net", "github.com.evil.example", "notgithub.com"})
  void theSameGithubTokenSentElsewhereIsEgress(String host) {
    Verdict v = decider.decide(get(host, "/user", null, "authorization", "Bearer " + GITHUB), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.dataClasses()).containsExactly("SECRETS.github_token");
    assertThat(v.boundDataClasses()).isEmpty();
  }

  @Test
  void aGithubTokenInTheBodyToGithubIsBoundToo() {
    Verdict v = decider.decide(post("api.github.com", "/graphql",
        ("{\"token\":\"" + GITHUB + "\"}").getBytes(StandardCharsets.UTF_8), "content-type", "application/json"),
        AGENT);
    assertThat(v.enforced()).isEqualTo(Action.ALLOW);
    assertThat(v.boundDataClasses()).containsExactly("SECRETS.github_token");
  }

  @Test
  void anotherVendorsKeySentToGithubIsStillEgress() {
    Verdict v = decider.decide(get("api.github.com", "/user", null, "authorization", "Bearer " + GITHUB,
        "x-extra", AWS), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.dataClasses()).containsExactly("SECRETS.aws_access_key");
    assertThat(v.boundDataClasses()).containsExactly("SECRETS.github_token");
  }

  @Test
  void aTelegramBotUrlIsBoundToTelegramAndStoredWithTheTokenRedacted() {
    Verdict v = decider.decide(get("api.telegram.org", "/bot" + TELEGRAM + "/sendMessage", "chat_id=1"), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.ALLOW);
    assertThat(v.boundDataClasses()).containsExactly("SECRETS.telegram_bot_token");
    assertThat(v.storedPath()).isEqualTo("/bot[REDACTED:SECRETS]/sendMessage");
  }

  @Test
  void aTelegramTokenSentElsewhereInThePathIsEgress() {
    Verdict v = decider.decide(get("collector.example.net", "/bot" + TELEGRAM + "/sendMessage", null), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.dataClasses()).containsExactly("SECRETS.telegram_bot_token");
    assertThat(v.storedPath()).isEqualTo("/bot[REDACTED:SECRETS]/sendMessage");
  }

  @Test
  void aDiscordWebhookUrlKeepsItsIdButNotItsToken() {
    Verdict v = decider.decide(post("discord.com", "/api/webhooks/2283529755194288177/" + DISCORD_TOKEN,
        "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8), "content-type", "application/json"), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.ALLOW);
    assertThat(v.boundDataClasses()).containsExactly("SECRETS.discord_webhook_url");
    assertThat(v.storedPath()).isEqualTo("/api/webhooks/2283529755194288177/[REDACTED:SECRETS]");
  }

  @Test
  void aSecretInTheQueryIsEgressButThePathIsKeptAsIs() {
    Verdict v = decider.decide(get("api.example.net", "/v1/x", "key=" + AWS), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.storedPath()).isEqualTo("/v1/x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"authorization", "cookie", "x-auth-token", "x-api-key"})
  void aCredentialWithoutAKnownIssuerIsBoundInACredentialHeader(String header) {
    String value = header.equals("authorization") ? "Bearer " + JWT : header.equals("cookie") ? "session=" + JWT : JWT;
    Verdict v = decider.decide(get("api.example.net", "/v1/me", null, header, value), AGENT);
    assertThat(v.enforced()).isEqualTo(Action.ALLOW);
    assertThat(v.boundDataClasses()).containsExactly("SECRETS.jwt");
  }

  @Test
  void aCredentialWithoutAKnownIssuerIsEgressOutsideCredentialHeaders() {
    Verdict inHeader = decider.decide(get("api.example.net", "/v1/me", null, "x-forwarded-note", JWT), AGENT);
    assertThat(inHeader.enforced()).isEqualTo(Action.DENY);
    assertThat(inHeader.dataClasses()).containsExactly("SECRETS.jwt");
    Verdict inPath = decider.decide(get("api.example.net", "/v1/tokens/" + JWT, null), AGENT);
    assertThat(inPath.enforced()).isEqualTo(Action.DENY);
    assertThat(inPath.storedPath()).isEqualTo("/v1/tokens/[REDACTED:SECRETS]");
  }

  @Test
  void theHostHeaderAndTheDestinationNameAreNotData() {
    Detectors withInternalHosts = new Detectors(new DetectorSettings(List.of(), List.of(".corp.internal"),
        List.of(), List.of(), DetectorSettings.DEFAULT_MAX_DECODE_DEPTH, DetectorSettings.DEFAULT_MAX_DECODED_BYTES));
    RequestInspector internal = new RequestInspector(ToolCatalog.load(null), withInternalHosts,
        new ExternalPrincipals(Set.of(), Set.of()));
    Inspection own = internal.inspect(get("wiki.corp.internal", "/page", null, "host", "wiki.corp.internal"));
    assertThat(own.detectorIds()).isEmpty();
    Inspection leaked = internal.inspect(get("api.example.net", "/v1/notes", null, "referer",
        "https://wiki.corp.internal/secret-page"));
    assertThat(leaked.detectorIds()).containsExactly("INTERNAL.host");
  }

  @Test
  void ordinaryHeadersOfRealClientsFindNothing() {
    Inspection in = inspector.inspect(get("api.openai.com", "/v1/models", null,
        "user-agent", "OpenAI/JS 4.104.0", "accept", "application/json", "x-stainless-lang", "js",
        "x-stainless-package-version", "4.104.0", "x-stainless-os", "Linux", "x-stainless-arch", "x64",
        "x-stainless-runtime", "node", "x-stainless-runtime-version", "v20.19.2", "x-stainless-retry-count", "0",
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "x-request-id", "3f2b6f4e-8a1c-4d2e-9b7a-5c6d7e8f9a0b", "content-length", "12345",
        "if-none-match", "W/\"5e15153d-120f\"", "accept-encoding", "gzip, deflate, br"));
    assertThat(in.detectorIds()).isEmpty();
    assertThat(in.boundDetectorIds()).isEmpty();
  }

  @Test
  void aKeyWrittenInUtf16IsFound() {
    String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"key " + AWS + "\"}]}";
    for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
        StandardCharsets.UTF_16)) {
      Verdict v = decider.decide(post("api.openai.com", "/v1/chat/completions", json.getBytes(cs),
          "content-type", "application/json"), AGENT);
      assertThat(v.enforced()).as(cs.name()).isEqualTo(Action.DENY);
      assertThat(v.dataClasses()).as(cs.name()).containsExactly("SECRETS.aws_access_key");
    }
  }
}
