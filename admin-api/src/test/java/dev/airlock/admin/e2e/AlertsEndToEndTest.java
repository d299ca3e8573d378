package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.Receiver;
import dev.airlock.admin.alerts.render.WebhookMessage;
import dev.airlock.admin.store.Poll;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real node with a webhook channel declared in airlock.yaml: an agent's request carrying a
 * secret is denied, and the channel's receiver gets a signed delivery about it, without the secret.
 */
class AlertsEndToEndTest {
  private static final String SECRET = "AKIAIOSFODNN7EXAMPLE";
  private static final String SIGNING = "e2e-webhook-signing-secret";
  static AirlockHarness h;
  static Receiver receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver = Receiver.start();
    h = new AirlockHarness();
    h.servers.add(receiver);
    h.https("slack.com");
    h.config("alerts:\n  max_attempts: 5\n  channels:\n"
        + "    - name: siem-webhook\n      type: webhook\n      env_names: [default]\n"
        + "      events: [DENY]\n      min_severity: MEDIUM\n"
        + "      config:\n        url: " + receiver.url("/intake") + "\n        secret: " + SIGNING + "\n"
        + "        headers: { Authorization: 'Splunk 1234-abcd' }\n");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void aDeniedRequestProducesASignedWebhookDelivery() throws Exception {
    Clients.Result r = h.curl("-X", "POST", "https://slack.com/api/chat.postMessage", "-H",
        "Content-Type: application/json", "--data-binary", "{\"channel\":\"C1\",\"text\":\"creds: " + SECRET + "\"}");
    assertThat(r.stdout()).contains("HTTP/1.1 403");
    String traceId = AirlockHarness.jsonBody(r.stdout()).get("trace_id").asText();

    Poll.until(Duration.ofSeconds(20), "the webhook delivery", () -> !receiver.received().isEmpty());
    List<Receiver.Received> got = receiver.received();
    assertThat(got).hasSize(1);
    Receiver.Received delivery = got.get(0);
    assertThat(delivery.path()).isEqualTo("/intake");
    assertThat(delivery.header("X-Airlock-Signature"))
        .isEqualTo("sha256=" + WebhookMessage.hmac(SIGNING, delivery.body()));
    assertThat(delivery.header("Authorization")).isEqualTo("Splunk 1234-abcd");
    assertThat(delivery.text()).doesNotContain(SECRET);
    // A webhook channel takes decisions in batches: a JSON array, here of the one DENY.
    JsonNode batch = AirlockHarness.JSON.readTree(delivery.body());
    assertThat(batch.isArray()).isTrue();
    assertThat(batch).hasSize(1);
    JsonNode event = batch.get(0);
    assertThat(event.get("event_type").asText()).isEqualTo("DENY");
    assertThat(event.get("event_id").asText()).isEqualTo(traceId);
    assertThat(event.get("agent").asText()).isEqualTo("local-agent");
    assertThat(event.at("/decision/reasons").toString()).contains("SECRET_DETECTED");

    // The declared channel is in the API (secrets masked) with its delivery recorded.
    JsonNode channels = h.admin("GET", "/api/v1/alert-channels", null).get("data");
    assertThat(channels).hasSize(1);
    assertThat(channels.get(0).toString()).doesNotContain(SIGNING).doesNotContain("1234-abcd");
    String id = channels.get(0).get("id").asText();
    Poll.until(Duration.ofSeconds(10), "the delivery to be recorded", () -> {
      try {
        return h.admin("GET", "/api/v1/alert-channels/" + id + "/deliveries?status=delivered", null)
            .at("/meta/total").asInt() == 1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // An allowed request is not a DENY: nothing more is sent.
    String allowed = h.curl("https://slack.com/api/ok").stdout();
    assertThat(allowed).contains("HTTP/1.1 200");
    String allowedTrace = allowed.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("x-airlock-trace-id:"))
        .findFirst().orElseThrow().substring("x-airlock-trace-id:".length()).trim();
    h.trace(allowedTrace); // observed by the alert publisher before it was stored
    assertThat(receiver.received()).hasSize(1);
  }
}
