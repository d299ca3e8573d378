package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.Receiver;
import dev.airlock.admin.store.Environment;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/alert-channels} on a real admin server with a real delivery worker: validation,
 * write-only secrets, environment scope, roles, audit, the test action and dead letters.
 */
class AdminServerAlertChannelsTest extends AlertServerTestBase {
  @Test
  void channelsAreCreatedReadChangedAndDeletedWithSecretsNeverShown() throws Exception {
    JsonNode created = ok(post("/api/v1/alert-channels", bearer(), webhook("siem", "default", "https://siem.example/in")),
        201).get("data");
    String id = created.get("id").asText();
    assertThat(id).startsWith("ach_");
    assertThat(created.get("events")).extracting(JsonNode::asText).containsExactly("DENY", "INCIDENT");
    assertThat(created.at("/config/secret").asText()).isEqualTo("****0042");
    assertThat(created.at("/config/headers/Authorization").asText()).isEqualTo("****4444");
    assertThat(created.at("/config/url").asText()).startsWith("https://siem.example/****");

    HttpResponse<String> one = get("/api/v1/alert-channels/" + id, bearer());
    assertThat(one.body()).doesNotContain(HOOK_SECRET, "1111-2222", "siem.example/in");
    JsonNode list = ok(get("/api/v1/alert-channels?env=default", bearer()), 200);
    assertThat(list.at("/meta/total").asInt()).isEqualTo(1);
    assertThat(list.toString()).doesNotContain(HOOK_SECRET);

    // A client sends back what it read (masked): the stored secrets stay.
    JsonNode read = json.readTree(one.body()).get("data");
    String patch = "{\"min_severity\": \"HIGH\", \"config\": " + read.get("config") + "}";
    JsonNode changed = ok(call("PATCH", "/api/v1/alert-channels/" + id, bearer(), patch), 200).get("data");
    assertThat(changed.get("min_severity").asText()).isEqualTo("HIGH");
    var stored = alerts.api().repository().find(id).orElseThrow().spec().config();
    assertThat(stored.get("secret").asText()).isEqualTo(HOOK_SECRET);
    assertThat(stored.at("/headers/Authorization").asText()).isEqualTo("Splunk 1111-2222-3333-4444");
    assertThat(stored.get("url").asText()).isEqualTo("https://siem.example/in");

    ok(call("DELETE", "/api/v1/alert-channels/" + id, bearer(), null), 200);
    assertError(get("/api/v1/alert-channels/" + id, bearer()), 404, "not_found", null);

    List<JsonNode> audit = new ArrayList<>();
    ok(get("/api/v1/audit?limit=100", bearer()), 200).get("data").forEach(audit::add);
    assertThat(audit).extracting(e -> e.get("action").asText())
        .contains("alert_channel.create", "alert_channel.update", "alert_channel.delete");
    assertThat(audit.toString()).doesNotContain(HOOK_SECRET, "1111-2222-3333");
  }

  @Test
  void badDefinitionsAreAnswered400WithTheField() throws Exception {
    assertError(post("/api/v1/alert-channels", bearer(), "{\"name\": \"x\", \"type\": \"slack\", \"env_names\": [\"default\"],"
        + " \"config\": {}}"), 400, "missing_field", "config.webhook_url");
    assertError(post("/api/v1/alert-channels", bearer(), "{\"name\": \"x\", \"type\": \"fax\", \"env_names\": [\"default\"],"
        + " \"config\": {}}"), 400, "invalid_field", "type");
    assertError(post("/api/v1/alert-channels", bearer(), webhook("x", "nowhere", "https://s.example/in")), 400,
        "invalid_field", "env_names");
    assertError(post("/api/v1/alert-channels", bearer(), "[1]"), 400, "invalid_json", null);
    assertError(post("/api/v1/alert-channels", bearer(), "{\"name\": \"x\", \"type\": \"telegram\", \"env_names\": [\"default\"],"
        + " \"config\": {\"bot_token\": \"1:AAAAAAAAAAAAAAAAAAAAAAAAA\", \"chat_id\": 1, \"webhook_secret_token\": \"no spaces!\"}}"),
        400, "invalid_field", "config.webhook_secret_token");
    ok(post("/api/v1/alert-channels", bearer(), webhook("dup", "default", "https://s.example/in")), 201);
    assertError(post("/api/v1/alert-channels", bearer(), webhook("dup", "default", "https://s.example/in")), 409,
        "conflict", null);
    String id = ok(get("/api/v1/alert-channels", bearer()), 200).at("/data/0/id").asText();
    assertError(call("PATCH", "/api/v1/alert-channels/" + id, bearer(), "{\"type\": \"slack\"}"), 400, "invalid_field",
        "type");
    assertError(get("/api/v1/alert-channels/" + id + "/deliveries?status=lost", bearer()), 400, "invalid_parameter",
        "status");
  }

  @Test
  void scopedKeysSeeAndChangeOnlyTheirEnvironmentsChannelsAndAuditorsOnlyRead() throws Exception {
    store.environments().create(Environment.of("staging", "Staging"));
    String mine = ok(post("/api/v1/alert-channels", bearer(), webhook("mine", "staging", "https://s.example/1")), 201)
        .at("/data/id").asText();
    String other = ok(post("/api/v1/alert-channels", bearer(), webhook("other", "default", "https://s.example/2")), 201)
        .at("/data/id").asText();
    String staging = scopedKey("admin", "staging");

    JsonNode seen = ok(get("/api/v1/alert-channels", staging), 200);
    assertThat(seen.get("data")).extracting(c -> c.get("id").asText()).containsExactly(mine);
    assertError(get("/api/v1/alert-channels/" + other, staging), 404, "not_found", null);
    assertError(get("/api/v1/alert-channels?env=default", staging), 404, "not_found", null);
    assertError(post("/api/v1/alert-channels", staging, webhook("x", "default", "https://s.example/3")), 403,
        "forbidden", null);
    ok(post("/api/v1/alert-channels", staging, webhook("y", "staging", "https://s.example/4")), 201);
    ok(call("PATCH", "/api/v1/alert-channels/" + mine, staging, "{\"enabled\": false}"), 200);
    assertError(call("PATCH", "/api/v1/alert-channels/" + mine, staging, "{\"env_names\": [\"default\"]}"), 403,
        "forbidden", null);
    assertError(call("DELETE", "/api/v1/alert-channels/" + other, staging, null), 404, "not_found", null);

    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();
    ok(get("/api/v1/alert-channels/" + other, auditor), 200);
    assertError(call("DELETE", "/api/v1/alert-channels/" + other, auditor, null), 403, "forbidden", null);
    assertError(post("/api/v1/alert-channels/" + other + "/test", auditor, null), 403, "forbidden", null);
  }

  @Test
  void theTestActionReportsTheDeliveryAndDeadLettersCanBeRetried() throws Exception {
    try (Receiver r = Receiver.start()) {
      String id = ok(post("/api/v1/alert-channels", bearer(), webhook("t", "default", r.url("/in"))), 201)
          .at("/data/id").asText();
      JsonNode tested = ok(post("/api/v1/alert-channels/" + id + "/test", bearer(), null), 200).get("data");
      assertThat(tested.get("status").asText()).isEqualTo("delivered");
      assertThat(tested.get("id").asText()).startsWith("dlv_");
      assertThat(r.received()).hasSize(1);
      JsonNode body = json.readTree(r.received().get(0).body());
      assertThat(body.at("/decision/reasons/0").asText()).isEqualTo("ALERT_CHANNEL_TEST");

      // Two failures make a dead letter (max_attempts 2); it shows in the API and is retried on demand.
      r.answer(Receiver.Answer.status(500), Receiver.Answer.status(502));
      JsonNode failing = ok(post("/api/v1/alert-channels/" + id + "/test", bearer(), null), 200).get("data");
      assertThat(failing.get("last_error").asText()).isEqualTo("HTTP 500 from 127.0.0.1");
      String delivery = failing.get("id").asText();
      dev.airlock.admin.store.Poll.until(java.time.Duration.ofSeconds(10), "dead", () -> {
        try {
          return ok(get("/api/v1/alert-channels/" + id + "/deliveries?status=dead", bearer()), 200)
              .at("/meta/total").asInt() == 1;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      JsonNode dead = ok(get("/api/v1/alert-channels/" + id + "/deliveries?status=dead", bearer()), 200).at("/data/0");
      assertThat(dead.get("id").asText()).isEqualTo(delivery);
      assertThat(dead.get("attempts").asInt()).isEqualTo(2);
      assertThat(dead.get("last_error").asText()).isEqualTo("HTTP 502 from 127.0.0.1");
      assertError(post("/api/v1/alert-channels/" + id + "/deliveries/dlv_nope/retry", bearer(), null), 404,
          "not_found", null);
      JsonNode retried = ok(post("/api/v1/alert-channels/" + id + "/deliveries/" + delivery + "/retry", bearer(), null),
          200).get("data");
      assertThat(retried.get("status").asText()).isEqualTo("pending");
      dev.airlock.admin.store.Poll.until(java.time.Duration.ofSeconds(10), "redelivered", () -> r.received().size() == 4);
      assertError(post("/api/v1/alert-channels/" + id + "/deliveries/" + delivery + "/retry", bearer(), null), 409,
          "delivery_not_dead", "status");
      JsonNode all = ok(get("/api/v1/alert-channels/" + id + "/deliveries", bearer()), 200);
      assertThat(all.at("/meta/total").asInt()).isEqualTo(2);

      String metrics = get("/metrics", null).body();
      assertThat(metrics).contains("airlock_alert_deliveries_total{channel=\"t\",outcome=\"dead\"} 1.0");
    }
  }
}
