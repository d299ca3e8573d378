package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.Receiver;
import dev.airlock.admin.store.Poll;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request held for approval reaches a Slack channel while it is still held, with Approve / Deny
 * buttons for its approval; approving it in time lets it through, and the trace written at the end
 * is not sent a second time.
 */
class ChatApprovalAlertEndToEndTest {
  static AirlockHarness h;
  static Receiver slack;

  @BeforeAll
  static void start() throws Exception {
    slack = Receiver.start();
    h = new AirlockHarness();
    h.servers.add(slack);
    h.https("api.example.com");
    h.config("alerts:\n  channels:\n    - name: approvers\n      type: slack\n      env_names: ['*']\n"
        + "      events: [REQUIRE_APPROVAL]\n      config: {webhook_url: '" + slack.url("/services/T1/B1/x") + "'}\n");
    h.start();
    h.admin("POST", "/api/v1/policies", ApprovalsEndToEndTest.POLICY);
    h.admin("PATCH", "/api/v1/environments/default", "{\"approval_hold_seconds\": 20}");
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void theCardArrivesWhileTheRequestIsHeld() throws Exception {
    CompletableFuture<Clients.Result> agent = ApprovalsEndToEndTest.post(h, "/deploy/chat", "{\"version\":\"v2\"}");
    String approval = ApprovalsEndToEndTest.awaitPending(h, "/deploy/chat");

    Poll.until(Duration.ofSeconds(10), "the Slack card", () -> !slack.received().isEmpty());
    assertThat(agent).as("still held when the card arrived").isNotDone();
    JsonNode card = AirlockHarness.JSON.readTree(slack.received().get(0).body());
    JsonNode buttons = card.at("/blocks/3/elements");
    assertThat(buttons.at("/0/action_id").asText()).isEqualTo("airlock_approve");
    assertThat(buttons.at("/0/value").asText()).isEqualTo(approval);
    assertThat(buttons.at("/1/value").asText()).isEqualTo(approval);

    h.admin("POST", "/api/v1/approvals/" + approval + "/approve", null);
    Clients.Result r = agent.get(20, TimeUnit.SECONDS);
    assertThat(ApprovalsEndToEndTest.status(r)).as(r.stdout()).isEqualTo(200);
    h.trace(ApprovalsEndToEndTest.header(r, "X-Airlock-Trace-Id"));
    String channel = h.admin("GET", "/api/v1/alert-channels", null).at("/data/0/id").asText();
    JsonNode deliveries = h.admin("GET", "/api/v1/alert-channels/" + channel + "/deliveries", null);
    assertThat(deliveries.at("/meta/total").asInt()).as("one delivery per event").isEqualTo(1);
    assertThat(slack.received()).hasSize(1);
  }
}
