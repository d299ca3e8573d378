package dev.airlock.admin.e2e;

import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.awaitPending;
import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.header;
import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.post;
import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.IntegrationSecrets;
import dev.airlock.admin.integrations.FixedIntegrationSecrets;
import dev.airlock.admin.integrations.SlackClicks;
import dev.airlock.admin.store.Poll;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Approving from chat through a real node: curl's request is held by a REQUIRE_APPROVAL rule, a
 * Slack button click (signed as Slack signs it) or a Telegram button press arrives at the node's
 * admin port, and curl receives the upstream's answer; a wrongly signed click leaves it held. Slack's
 * response URL and Telegram's Bot API are local receivers.
 */
class ChatApprovalsEndToEndTest {
  static final String SIGNING_SECRET = "e2e0signing0secret0000000000abcd";
  static final String TELEGRAM_SECRET = "e2e-telegram-secret-token";
  static final String BOT_TOKEN = "987654:e2e-bot-token";
  static AirlockHarness h;
  static RecordingUpstream upstream;
  static RecordingUpstream slackHooks;
  static RecordingUpstream telegramApi;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    upstream = h.https("api.example.com");
    upstream.onAnyPath(ex -> {
      byte[] out = ("{\"deployed\":\"" + ex.getRequestURI().getPath() + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(201, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    slackHooks = new RecordingUpstream(null);
    h.servers.add(slackHooks);
    telegramApi = new RecordingUpstream(null);
    h.servers.add(telegramApi);
    h.integrations = new FixedIntegrationSecrets(
        List.of(new IntegrationSecrets.SlackApp("ch_slack", SIGNING_SECRET)),
        List.of(new FixedIntegrationSecrets.Telegram(TELEGRAM_SECRET, new IntegrationSecrets.TelegramBot("ch_tg",
            BOT_TOKEN, URI.create("http://127.0.0.1:" + telegramApi.port())))));
    h.config("integrations:\n  slack_response_origin: http://127.0.0.1:" + slackHooks.port() + "\n");
    h.start();
    h.admin("POST", "/api/v1/policies", ApprovalsEndToEndTest.POLICY);
    h.admin("PATCH", "/api/v1/environments/default", "{\"approval_hold_seconds\": 25}");
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void aSignedSlackApprovalReleasesTheHeldRequestAndAWronglySignedOneLeavesItHeld() throws Exception {
    CompletableFuture<Clients.Result> agent = post(h, "/deploy/slack", "{\"version\":\"s1\"}");
    String id = awaitPending(h, "/deploy/slack");
    String responseUrl = "http://127.0.0.1:" + slackHooks.port() + "/actions/T1/1/e2e";
    String body = SlackClicks.form(SlackClicks.payload("airlock_approve", id, "U2CERLKJA", "roadrunner", responseUrl));

    HttpResponse<String> forged = SlackClicks.post(h.node.adminPort(), body, "not-the-signing-secret-000000000",
        Instant.now());
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
    assertThat(h.admin("GET", "/api/v1/approvals/" + id, null).at("/data/status").asText()).isEqualTo("pending");
    assertThat(agent).as("still held after a forged click").isNotDone();
    assertThat(received("/deploy/slack")).isEmpty();

    HttpResponse<String> genuine = SlackClicks.post(h.node.adminPort(), body, SIGNING_SECRET, Instant.now());
    assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);

    Clients.Result r = agent.get(20, TimeUnit.SECONDS);
    assertThat(status(r)).as(r.stdout() + r.stderr()).isEqualTo(201);
    assertThat(AirlockHarness.jsonBody(r.stdout()).get("deployed").asText()).isEqualTo("/deploy/slack");
    assertThat(received("/deploy/slack")).hasSize(1);
    JsonNode approval = h.admin("GET", "/api/v1/approvals/" + id, null).get("data");
    assertThat(approval.get("status").asText()).isEqualTo("approved");
    assertThat(approval.get("decided_by").asText()).isEqualTo("slack:roadrunner (U2CERLKJA)");
    JsonNode t = h.trace(header(r, "X-Airlock-Trace-Id"));
    assertThat(t.get("reasons").toString()).contains("APPROVED");

    Poll.until(Duration.ofSeconds(10), "the Slack message update", () -> !posts(slackHooks, "/actions/T1/1/e2e")
        .isEmpty());
    assertThat(posts(slackHooks, "/actions/T1/1/e2e").get(0)).contains("Approved by roadrunner at ")
        .contains("\"replace_original\":true");
  }

  @Test
  void aSlackDenyRefusesTheHeldRequest() throws Exception {
    CompletableFuture<Clients.Result> agent = post(h, "/deploy/slack-denied", "{\"version\":\"s2\"}");
    String id = awaitPending(h, "/deploy/slack-denied");
    String body = SlackClicks.form(SlackClicks.payload("airlock_deny", id, "U1ALICE", "alice",
        "http://127.0.0.1:" + slackHooks.port() + "/actions/T1/2/e2e"));
    assertThat(SlackClicks.post(h.node.adminPort(), body, SIGNING_SECRET, Instant.now()).statusCode()).isEqualTo(200);

    Clients.Result r = agent.get(20, TimeUnit.SECONDS);
    assertThat(status(r)).as(r.stdout()).isEqualTo(403);
    assertThat(header(r, "X-Airlock-Decision")).isEqualTo("DENY");
    assertThat(AirlockHarness.jsonBody(r.stdout()).get("reasons").toString()).contains("APPROVAL_DENIED");
    assertThat(received("/deploy/slack-denied")).isEmpty();
  }

  @Test
  void aTelegramApprovePressReleasesTheHeldRequestAndAWrongSecretTokenLeavesItHeld() throws Exception {
    CompletableFuture<Clients.Result> agent = post(h, "/deploy/telegram", "{\"version\":\"t1\"}");
    String id = awaitPending(h, "/deploy/telegram");
    String update = "{\"update_id\":9001,\"callback_query\":{\"id\":\"cbq_e2e\",\"from\":{\"id\":4242,"
        + "\"is_bot\":false,\"first_name\":\"Bob\",\"username\":\"bob\"},\"message\":{\"message_id\":12,"
        + "\"date\":1733500000,\"chat\":{\"id\":-100777,\"type\":\"group\"},\"text\":\"Approval needed\"},"
        + "\"chat_instance\":\"1\",\"data\":\"approve:" + id + "\"}}";

    assertThat(telegram("wrong-token", update).statusCode()).isEqualTo(401);
    assertThat(agent).as("still held after a press with the wrong secret token").isNotDone();
    assertThat(h.admin("GET", "/api/v1/approvals/" + id, null).at("/data/status").asText()).isEqualTo("pending");

    assertThat(telegram(TELEGRAM_SECRET, update).statusCode()).isEqualTo(200);
    Clients.Result r = agent.get(20, TimeUnit.SECONDS);
    assertThat(status(r)).as(r.stdout() + r.stderr()).isEqualTo(201);
    assertThat(received("/deploy/telegram")).hasSize(1);
    assertThat(h.admin("GET", "/api/v1/approvals/" + id, null).at("/data/decided_by").asText())
        .isEqualTo("telegram:bob (4242)");
    Poll.until(Duration.ofSeconds(10), "the Telegram message edit",
        () -> !posts(telegramApi, "/bot" + BOT_TOKEN + "/editMessageText").isEmpty());
    assertThat(posts(telegramApi, "/bot" + BOT_TOKEN + "/editMessageText").get(0)).contains("Approved by bob at ");
  }

  static HttpResponse<String> telegram(String secretToken, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + h.node.adminPort() + "/api/v1/integrations/telegram/webhook"))
        .header("Content-Type", "application/json")
        .header("X-Telegram-Bot-Api-Secret-Token", secretToken)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
        .send(request, HttpResponse.BodyHandlers.ofString());
  }

  static List<RecordingUpstream.Received> received(String path) {
    return upstream.received().stream().filter(q -> q.uri().equals(path)).toList();
  }

  static List<String> posts(RecordingUpstream receiver, String path) {
    return receiver.received().stream().filter(q -> q.uri().equals(path)).map(RecordingUpstream.Received::bodyText)
        .toList();
  }
}
