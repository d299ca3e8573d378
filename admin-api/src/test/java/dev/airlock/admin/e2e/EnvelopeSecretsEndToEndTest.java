package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets in header values and URL paths, through the proxy with curl: a foreign credential is
 * refused before the origin sees anything, an agent's own credential for the API it calls goes
 * through, and a token in a URL never reaches the trace table.
 */
class EnvelopeSecretsEndToEndTest {
  private static final String AWS = "AKIAIOSFODNN7EXAMPLE";
  private static final String GITHUB = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
  private static final String TELEGRAM = "8456326187:AAjV8uMfvdxC6lpq10L_p0KdCrlW_Kx5BoZ";
  private static final String DISCORD_ID = "2283529755194288177";
  private static final String DISCORD_TOKEN = "HAeAD4B6Cy-FDd2x9KAL02Ia9-0x-W816HX_0yuzKNYxOW0ul1-KCK4Me77Jh-vFDSez";

  static AirlockHarness h;
  static RecordingUpstream openai;
  static RecordingUpstream github;
  static RecordingUpstream telegram;
  static RecordingUpstream discord;
  static RecordingUpstream plain;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    openai = h.https("api.openai.com");
    github = h.https("api.github.com");
    telegram = h.https("api.telegram.org");
    discord = h.https("discord.com");
    plain = h.http("plain.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static String traceId(String response) {
    return response.replaceAll("(?is).*x-airlock-trace-id: (trc_[0-9a-f]+).*", "$1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Api-Key", "Authorization", "X-Debug"})
  void aForeignKeyInAHeaderIsRefusedAndNothingIsForwarded(String header) throws Exception {
    int before = openai.received().size();
    Clients.Result r = h.curl("-H", header + ": " + AWS, "https://api.openai.com/v1/models");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 403").contains("SECRET_DETECTED")
        .contains("found SECRETS.aws_access_key in header " + header.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain(AWS);
    assertThat(openai.received()).hasSize(before);
    JsonNode trace = h.trace(traceId(r.stdout()));
    assertThat(trace.get("decision").asText()).isEqualTo("DENY");
    assertThat(trace.get("data_classes").toString()).contains("SECRETS.aws_access_key");
  }

  @Test
  void aKeyInThePathIsRefusedAndTheTraceKeepsThePathWithoutIt() throws Exception {
    int before = openai.received().size();
    Clients.Result r = h.curl("https://api.openai.com/v1/files/" + AWS + "/content");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 403").contains("SECRET_DETECTED")
        .contains("found SECRETS.aws_access_key in the URL path");
    assertThat(openai.received()).hasSize(before);
    JsonNode trace = h.trace(traceId(r.stdout()));
    assertThat(trace.get("path").asText()).isEqualTo("/v1/files/[REDACTED:SECRETS]/content");
    assertThat(trace.toString()).doesNotContain(AWS);
  }

  @Test
  void aKeyInThePathOfAPlainHttpRequestIsRefused() throws Exception {
    int before = plain.received().size();
    String r = h.raw("GET http://plain.example.com/export/" + AWS + " HTTP/1.1\r\nHost: plain.example.com\r\n"
        + h.authHeader() + "Connection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 403").contains("SECRET_DETECTED");
    assertThat(plain.received()).hasSize(before);
  }

  @Test
  void theAgentsOwnGithubTokenReachesGithubButNowhereElse() throws Exception {
    Clients.Result own = h.curl("-H", "Authorization: Bearer " + GITHUB, "https://api.github.com/user");
    assertThat(own.stdout()).as(own.toString()).contains("HTTP/1.1 200");
    assertThat(github.received()).last().satisfies(rq -> assertThat(rq.header("authorization"))
        .isEqualTo("Bearer " + GITHUB));
    JsonNode trace = h.trace(traceId(own.stdout()));
    assertThat(trace.get("decision").asText()).isEqualTo("ALLOW");
    assertThat(trace.get("data_classes")).isEmpty();
    assertThat(trace.get("bound_data_classes").toString()).contains("SECRETS.github_token");
    assertThat(trace.get("findings").toString()).contains("\"bound\":true");

    int before = openai.received().size();
    Clients.Result elsewhere = h.curl("-H", "Authorization: Bearer " + GITHUB, "https://api.openai.com/v1/models");
    assertThat(elsewhere.stdout()).as(elsewhere.toString()).contains("HTTP/1.1 403").contains("SECRET_DETECTED");
    assertThat(openai.received()).hasSize(before);
  }

  @Test
  void aTelegramBotUrlIsForwardedWhileTheTraceHoldsNoToken() throws Exception {
    Clients.Result r = h.curl("--data", "chat_id=1&text=hello",
        "https://api.telegram.org/bot" + TELEGRAM + "/sendMessage");
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 200");
    assertThat(telegram.received()).last().satisfies(rq -> assertThat(rq.uri())
        .isEqualTo("/bot" + TELEGRAM + "/sendMessage"));
    JsonNode trace = h.trace(traceId(r.stdout()));
    assertThat(trace.get("path").asText()).isEqualTo("/bot[REDACTED:SECRETS]/sendMessage");
    assertThat(trace.toString()).doesNotContain(TELEGRAM).doesNotContain("AAjV8uMf");
  }

  @Test
  void aDiscordWebhookIsForwardedWhileTheTraceKeepsOnlyItsId() throws Exception {
    Clients.Result r = h.curl("-H", "Content-Type: application/json", "--data", "{\"content\":\"deploy done\"}",
        "https://discord.com/api/webhooks/" + DISCORD_ID + "/" + DISCORD_TOKEN);
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 200");
    JsonNode trace = h.trace(traceId(r.stdout()));
    assertThat(trace.get("path").asText()).isEqualTo("/api/webhooks/" + DISCORD_ID + "/[REDACTED:SECRETS]");
    assertThat(trace.toString()).doesNotContain(DISCORD_TOKEN);
  }

  @Test
  void aRefusedAuthenticationKeepsNoTokenFromThePathEither() throws Exception {
    String r = h.raw("GET http://plain.example.com/bot" + TELEGRAM + "/getMe HTTP/1.1\r\n"
        + "Host: plain.example.com\r\nConnection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 407");
    JsonNode refused = awaitTrace("plain.example.com", 407);
    assertThat(refused.get("path").asText()).isEqualTo("/bot[REDACTED:SECRETS]/getMe");
  }

  private static JsonNode awaitTrace(String host, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      for (JsonNode t : h.admin("GET", "/api/v1/traces?limit=1000&since=1h", null).get("data")) {
        if (t.get("host").asText().equals(host) && t.get("status").asInt() == status) {
          return t;
        }
        seen.add(t.get("host").asText() + " " + t.get("status").asInt());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError("no trace for " + host + " with status " + status + "; saw " + seen);
  }
}
