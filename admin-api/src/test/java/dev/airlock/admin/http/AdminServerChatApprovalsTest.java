package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.IntegrationSecrets;
import dev.airlock.admin.e2e.RecordingUpstream;
import dev.airlock.admin.integrations.ChatIntegrations;
import dev.airlock.admin.integrations.FixedIntegrationSecrets;
import dev.airlock.admin.integrations.SlackClicks;
import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalRepository;
import dev.airlock.admin.store.Poll;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat app endpoints over real HTTP on a real PostgreSQL: Slack interactions verified by
 * signature, Telegram updates by secret token; a click decides the approval once, is handed to the
 * node like an API decision, and the chat message is updated on local receivers standing in for
 * Slack's response URLs and Telegram's Bot API.
 */
class AdminServerChatApprovalsTest extends AdminServerTestBase {
  static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String OTHER_APP_SECRET = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String TELEGRAM_SECRET = "tg-webhook-secret-0123456789";
  /** The app and bot of channels serving the staging environment only. */
  static final String STAGING_APP_SECRET = "5t4g1ng5t4g1ng5t4g1ng5t4g1ng5t4g";
  static final String STAGING_TELEGRAM_SECRET = "tg-staging-secret-0123456789";
  static final String BOT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
  static RecordingUpstream slackHooks;
  static RecordingUpstream telegramApi;

  @BeforeAll
  static void start() throws java.io.IOException {
    slackHooks = new RecordingUpstream(null);
    telegramApi = new RecordingUpstream(null);
    IntegrationSecrets secrets = new FixedIntegrationSecrets(
        List.of(new IntegrationSecrets.SlackApp("ch_other", OTHER_APP_SECRET),
            new IntegrationSecrets.SlackApp("ch_slack", SIGNING_SECRET),
            new IntegrationSecrets.SlackApp("ch_staging", STAGING_APP_SECRET, List.of("staging"))),
        List.of(new FixedIntegrationSecrets.Telegram(TELEGRAM_SECRET, new IntegrationSecrets.TelegramBot("ch_tg",
            BOT_TOKEN, URI.create("http://127.0.0.1:" + telegramApi.port()))),
            new FixedIntegrationSecrets.Telegram(STAGING_TELEGRAM_SECRET, new IntegrationSecrets.TelegramBot(
                "ch_tg_staging", BOT_TOKEN, URI.create("http://127.0.0.1:" + telegramApi.port()), List.of("staging")))));
    startWith(new ChatIntegrations(secrets, URI.create("http://127.0.0.1:" + slackHooks.port())));
  }

  @AfterAll
  static void stopReceivers() throws Exception {
    slackHooks.close();
    telegramApi.close();
  }

  @BeforeEach
  void forget() {
    decidedApprovals.clear();
    slackHooks.received().clear();
    telegramApi.received().clear();
  }

  static Approval pending() {
    return store.approvals().create(ApprovalRepository.newId(), new ApprovalRequest("default", "local-agent", "key_1",
        "generic", "post", "api.example.com", "POST", "/deploy", "b".repeat(64), List.of("DEPLOY_NEEDS_APPROVAL"),
        "deploys/deploy", "MEDIUM", "trc_1"));
  }

  static String responseUrl(String path) {
    return "http://127.0.0.1:" + slackHooks.port() + path;
  }

  static String click(String action, Approval a, String userId, String name, String path) {
    return SlackClicks.form(SlackClicks.payload(action, a.id(), userId, name, responseUrl(path)));
  }

  // --- Slack ---

  @Test
  void aSignedApproveClickDecidesOnceAuditsWhoAndReplacesTheCard() throws Exception {
    Approval a = pending();
    String body = click("airlock_approve", a, "U2CERLKJA", "roadrunner", "/actions/T1/1/aaa");

    HttpResponse<String> r = SlackClicks.post(server.port(), body, SIGNING_SECRET, Instant.now());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    Approval after = store.approvals().find(a.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(after.decidedBy()).isEqualTo("slack:roadrunner (U2CERLKJA)");
    assertThat(decidedApprovals).extracting(Approval::id).containsExactly(a.id());
    JsonNode audit = json.readTree(get("/api/v1/audit?action=approval.approve", bearer()).body()).get("data");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).get("actor_key_id").asText()).isEqualTo("slack:roadrunner (U2CERLKJA)");
    assertThat(audit.get(0).get("actor_role").asText()).isEqualTo("channel");
    assertThat(audit.get(0).get("target_id").asText()).isEqualTo(a.id());

    JsonNode update = awaitOne(slackHooks, "/actions/T1/1/aaa");
    assertThat(update.get("replace_original").asBoolean()).isTrue();
    assertThat(update.toString()).doesNotContain("airlock_approve", "airlock_deny");
    JsonNode blocks = update.get("blocks");
    assertThat(blocks.get(0).at("/text/text").asText()).contains("REQUIRE_APPROVAL");
    assertThat(blocks.get(blocks.size() - 1).at("/elements/0/text").asText())
        .startsWith(":white_check_mark: Approved by roadrunner at ");
  }

  @Test
  void aChannelDecidesOnlyApprovalsOfItsOwnEnvironments() throws Exception {
    Approval a = pending(); // in "default"
    HttpResponse<String> slack = SlackClicks.post(server.port(),
        click("airlock_approve", a, "U2CERLKJA", "roadrunner", "/actions/T1/9/stg"), STAGING_APP_SECRET, Instant.now());
    assertThat(slack.statusCode()).as(slack.body()).isEqualTo(200);
    HttpResponse<String> tg = telegram(STAGING_TELEGRAM_SECRET, press("approve:" + a.id(), 4242, "bob", "cbq_stg"));
    assertThat(tg.statusCode()).as(tg.body()).isEqualTo(200);

    // Neither decided: to a channel of another environment the approval does not exist.
    assertThat(store.approvals().find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(decidedApprovals).isEmpty();
    assertThat(awaitOne(telegramApi, "/bot" + BOT_TOKEN + "/answerCallbackQuery").get("text").asText())
        .contains("no approval");

    // The channel serving every environment still can.
    SlackClicks.post(server.port(), click("airlock_approve", a, "U2CERLKJA", "roadrunner", "/actions/T1/9/all"),
        SIGNING_SECRET, Instant.now());
    assertThat(store.approvals().find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
  }

  @Test
  void aRetriedClickAndASecondClickChangeNothingAndALaterClickSaysWhoDecided() throws Exception {
    Approval a = pending();
    String body = click("airlock_deny", a, "U1ALICE", "alice", "/actions/T1/2/first");
    Instant at = Instant.now();
    assertThat(SlackClicks.post(server.port(), body, SIGNING_SECRET, at).statusCode()).isEqualTo(200);
    assertThat(SlackClicks.post(server.port(), body, SIGNING_SECRET, at).statusCode())
        .as("Slack's retry of the same request").isEqualTo(200);
    String again = click("airlock_deny", a, "U2BOB", "bob", "/actions/T1/2/second");
    assertThat(SlackClicks.post(server.port(), again, SIGNING_SECRET, Instant.now()).statusCode()).isEqualTo(200);
    String approve = click("airlock_approve", a, "U2BOB", "bob", "/actions/T1/2/third");
    assertThat(SlackClicks.post(server.port(), approve, SIGNING_SECRET, Instant.now()).statusCode()).isEqualTo(200);

    Approval after = store.approvals().find(a.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(ApprovalStatus.DENIED);
    assertThat(after.decidedBy()).isEqualTo("slack:alice (U1ALICE)");
    assertThat(decidedApprovals).as("handed to the node once").hasSize(1);
    assertThat(json.readTree(get("/api/v1/audit?action=approval.deny", bearer()).body()).get("data")).hasSize(1);
    assertThat(json.readTree(get("/api/v1/audit?action=approval.approve", bearer()).body()).get("data")).isEmpty();
    for (String path : List.of("/actions/T1/2/second", "/actions/T1/2/third")) {
      JsonNode update = awaitOne(slackHooks, path);
      assertThat(update.toString()).as(path).contains("Denied by alice at ").doesNotContain("bob");
    }
  }

  @Test
  void badSignaturesStaleTimestampsAndMissingHeadersAre401AndDecideNothing() throws Exception {
    Approval a = pending();
    String body = click("airlock_approve", a, "U1", "mallory", "/actions/T1/3/x");
    String now = Long.toString(Instant.now().getEpochSecond());

    assertUnauthorized(SlackClicks.post(server.port(), body, "wrong-secret-wrong-secret-000000", Instant.now()));
    assertUnauthorized(SlackClicks.post(server.port(), body, SIGNING_SECRET, Instant.now().minusSeconds(360)));
    assertUnauthorized(SlackClicks.post(server.port(), body, SIGNING_SECRET, Instant.now().plusSeconds(360)));
    assertUnauthorized(SlackClicks.postWithHeaders(server.port(), body, null, null));
    assertUnauthorized(SlackClicks.postWithHeaders(server.port(), body, now, null));
    String signed = dev.airlock.admin.integrations.SlackSignature.sign(SIGNING_SECRET, now,
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertUnauthorized(SlackClicks.postWithHeaders(server.port(), body.replace("U1", "U2"), now, signed));
    HttpResponse<String> withBearer = call("POST", "/api/v1/integrations/slack/interactions", bearer(), body,
        "application/x-www-form-urlencoded");
    assertUnauthorized(withBearer);

    assertThat(store.approvals().find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(decidedApprovals).isEmpty();
  }

  @Test
  void onlyTheTwoEndpointsSkipTheBearerTokenAndOnlyPostIsServed() throws Exception {
    assertError(call("POST", "/api/v1/integrations/slack", null, "{}"), 401, "unauthorized", null);
    assertError(call("POST", "/api/v1/integrations/slack/interactions/x", null, "{}"), 401, "unauthorized", null);
    assertError(call("POST", "/api/v1/integrations/telegram", null, "{}"), 401, "unauthorized", null);
    assertError(get("/api/v1/integrations/slack/interactions", null), 405, "method_not_allowed", null);
    assertError(get("/api/v1/integrations/telegram/webhook", null), 405, "method_not_allowed", null);
  }

  @Test
  void signedButUnreadableIs400AndOtherInteractionsOrUnknownApprovalsAre200WithoutADecision() throws Exception {
    Approval a = pending();
    assertError(SlackClicks.post(server.port(), "text=hello", SIGNING_SECRET, Instant.now()), 400,
        "invalid_payload", null);
    assertError(SlackClicks.post(server.port(), "payload=%7Bbroken", SIGNING_SECRET, Instant.now()), 400,
        "invalid_payload", null);
    String other = click("someone_elses_button", a, "U1", "x", "/actions/T1/4/other");
    HttpResponse<String> ignored = SlackClicks.post(server.port(), other, OTHER_APP_SECRET, Instant.now());
    assertThat(ignored.statusCode()).as("any Slack app's signature is genuine").isEqualTo(200);

    String unknown = SlackClicks.form(SlackClicks.payload("airlock_approve", "apr_000000000000000000000000", "U1",
        "x", responseUrl("/actions/T1/4/unknown")));
    assertThat(SlackClicks.post(server.port(), unknown, SIGNING_SECRET, Instant.now()).statusCode()).isEqualTo(200);
    JsonNode notice = awaitOne(slackHooks, "/actions/T1/4/unknown");
    assertThat(notice.get("response_type").asText()).isEqualTo("ephemeral");
    assertThat(notice.get("text").asText()).contains("apr_000000000000000000000000");

    assertThat(store.approvals().find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(decidedApprovals).isEmpty();
    assertThat(slackHooks.received()).extracting(RecordingUpstream.Received::uri)
        .doesNotContain("/actions/T1/4/other");
  }

  @Test
  void aResponseUrlOffTheConfiguredOriginIsNotCalledButTheDecisionStands() throws Exception {
    try (RecordingUpstream elsewhere = new RecordingUpstream(null)) {
      Approval a = pending();
      Approval marker = pending();
      String body = SlackClicks.form(SlackClicks.payload("airlock_approve", a.id(), "U1", "ann",
          "http://127.0.0.1:" + elsewhere.port() + "/actions/steal"));
      assertThat(SlackClicks.post(server.port(), body, SIGNING_SECRET, Instant.now()).statusCode()).isEqualTo(200);
      assertThat(store.approvals().find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
      // A later click whose reply does arrive: the first one's would have arrived by then.
      String next = click("airlock_approve", marker, "U1", "ann", "/actions/T1/5/marker");
      assertThat(SlackClicks.post(server.port(), next, SIGNING_SECRET, Instant.now()).statusCode()).isEqualTo(200);
      awaitOne(slackHooks, "/actions/T1/5/marker");
      assertThat(elsewhere.received()).isEmpty();
    }
  }

  // --- Telegram ---

  @Test
  void aTelegramApprovePressDecidesAnswersThePressAndEditsTheMessage() throws Exception {
    Approval a = pending();
    HttpResponse<String> r = telegram(TELEGRAM_SECRET, press("approve:" + a.id(), 4242, "bob", "cbq_1"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Approval after = store.approvals().find(a.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(after.decidedBy()).isEqualTo("telegram:bob (4242)");
    assertThat(decidedApprovals).extracting(Approval::id).containsExactly(a.id());
    JsonNode audit = json.readTree(get("/api/v1/audit?action=approval.approve", bearer()).body()).get("data");
    assertThat(audit.get(0).get("actor_key_id").asText()).isEqualTo("telegram:bob (4242)");

    JsonNode answer = awaitOne(telegramApi, "/bot" + BOT_TOKEN + "/answerCallbackQuery");
    assertThat(answer.get("callback_query_id").asText()).isEqualTo("cbq_1");
    assertThat(answer.get("text").asText()).startsWith("Approved");
    JsonNode edit = awaitOne(telegramApi, "/bot" + BOT_TOKEN + "/editMessageText");
    assertThat(edit.get("chat_id").asLong()).isEqualTo(-1001234567890L);
    assertThat(edit.get("message_id").asLong()).isEqualTo(77);
    assertThat(edit.get("text").asText()).startsWith("Approval needed: local-agent → api.example.com POST /deploy")
        .contains("Approved by bob at ");
    assertThat(edit.at("/reply_markup/inline_keyboard")).isEmpty();
  }

  @Test
  void aRepeatedTelegramPressChangesNothingAndADenyAfterwardsSaysWhoApproved() throws Exception {
    Approval a = pending();
    assertThat(telegram(TELEGRAM_SECRET, press("deny:" + a.id(), 7, "carol", "cbq_a")).statusCode()).isEqualTo(200);
    assertThat(telegram(TELEGRAM_SECRET, press("deny:" + a.id(), 7, "carol", "cbq_b")).statusCode()).isEqualTo(200);
    assertThat(telegram(TELEGRAM_SECRET, press("approve:" + a.id(), 8, "dave", "cbq_c")).statusCode()).isEqualTo(200);

    Approval after = store.approvals().find(a.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(ApprovalStatus.DENIED);
    assertThat(after.decidedBy()).isEqualTo("telegram:carol (7)");
    assertThat(decidedApprovals).hasSize(1);
    Poll.until(Duration.ofSeconds(10), "three answered presses",
        () -> bodies(telegramApi, "/bot" + BOT_TOKEN + "/answerCallbackQuery").size() == 3);
    JsonNode third = bodies(telegramApi, "/bot" + BOT_TOKEN + "/answerCallbackQuery").stream()
        .filter(b -> b.get("callback_query_id").asText().equals("cbq_c")).findFirst().orElseThrow();
    assertThat(third.get("text").asText()).contains("Already settled", "Denied by carol");
  }

  @Test
  void aWrongOrMissingSecretTokenIs401AndOtherUpdatesAreAcceptedAndIgnored() throws Exception {
    Approval a = pending();
    assertError(telegram("not-the-secret", press("approve:" + a.id(), 1, "eve", "cbq_x")), 401,
        "invalid_secret_token", null);
    assertError(telegram(null, press("approve:" + a.id(), 1, "eve", "cbq_x")), 401, "invalid_secret_token", null);
    assertThat(telegram(TELEGRAM_SECRET, "{\"update_id\":1,\"message\":{\"message_id\":1,\"text\":\"hi\","
        + "\"chat\":{\"id\":5}}}").statusCode()).isEqualTo(200);
    assertThat(telegram(TELEGRAM_SECRET, press("vote:" + a.id(), 1, "eve", "cbq_y")).statusCode()).isEqualTo(200);
    assertError(telegram(TELEGRAM_SECRET, "{broken"), 400, "invalid_payload", null);

    assertThat(store.approvals().find(a.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(decidedApprovals).isEmpty();
  }

  static String press(String data, long userId, String username, String callbackId) {
    ObjectNode update = json.createObjectNode();
    update.put("update_id", 10_000 + userId);
    ObjectNode q = update.putObject("callback_query");
    q.put("id", callbackId);
    q.putObject("from").put("id", userId).put("is_bot", false).put("first_name", username).put("username", username);
    ObjectNode message = q.putObject("message");
    message.put("message_id", 77).put("date", 1_733_500_000).put("text",
        "Approval needed: local-agent → api.example.com POST /deploy");
    message.putObject("chat").put("id", -1001234567890L).put("type", "supergroup");
    q.put("chat_instance", "-5555");
    q.put("data", data);
    return update.toString();
  }

  static HttpResponse<String> telegram(String secretToken, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/api/v1/integrations/telegram/webhook"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secretToken != null) {
      b.header("X-Telegram-Bot-Api-Secret-Token", secretToken);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  void assertUnauthorized(HttpResponse<String> r) throws Exception {
    assertError(r, 401, "invalid_signature", null);
  }

  static List<JsonNode> bodies(RecordingUpstream receiver, String path) {
    return receiver.received().stream().filter(q -> q.uri().equals(path)).map(q -> {
      try {
        return json.readTree(q.bodyText());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  /** The one JSON body posted to {@code path}, once it arrived (the update is sent asynchronously). */
  static JsonNode awaitOne(RecordingUpstream receiver, String path) {
    Poll.until(Duration.ofSeconds(10), "a POST to " + path, () -> !bodies(receiver, path).isEmpty());
    List<JsonNode> got = bodies(receiver, path);
    assertThat(got).as(path).hasSize(1);
    return got.get(0);
  }
}
