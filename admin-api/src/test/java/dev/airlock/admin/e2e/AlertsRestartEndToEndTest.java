package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.AirlockNode;
import dev.airlock.admin.alerts.Receiver;
import dev.airlock.admin.config.ServeFlags;
import dev.airlock.admin.config.SettingsResolver;
import dev.airlock.admin.store.Poll;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox is durable: alerts owed while the receiver is down survive the node stopping, and
 * arrive exactly once when the receiver and the node are back.
 */
class AlertsRestartEndToEndTest {
  private AirlockHarness h;
  private Receiver receiver;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void pendingAlertsAreDeliveredOnceAfterTheNodeRestarts() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    h = new AirlockHarness();
    h.https("slack.com");
    h.config("alerts:\n  channels:\n    - name: hook\n      type: webhook\n      env_names: [default]\n"
        + "      events: [DENY]\n      config: {url: 'http://127.0.0.1:" + port + "/in'}\n");
    h.start();
    List<String> denied = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Clients.Result r = h.curl("-X", "POST", "https://slack.com/api/chat.postMessage", "--data-binary",
          "{\"text\":\"AKIAIOSFODNN7EXAMPLE " + i + "\"}");
      assertThat(r.stdout()).contains("HTTP/1.1 403");
      denied.add(AirlockHarness.jsonBody(r.stdout()).get("trace_id").asText());
    }
    String channel = h.admin("GET", "/api/v1/alert-channels", null).at("/data/0/id").asText();
    Poll.until(Duration.ofSeconds(20), "failed attempts while the receiver is down", () -> {
      try {
        JsonNode pending = h.admin("GET", "/api/v1/alert-channels/" + channel + "/deliveries?status=pending", null);
        // A webhook channel's rows are batches: count the events they carry.
        int tried = 0;
        int events = 0;
        for (JsonNode d : pending.get("data")) {
          tried += d.get("attempts").asInt() > 0 ? 1 : 0;
          events += d.get("event_count").asInt();
        }
        return events == 3 && tried > 0;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    h.node.close();
    receiver = Receiver.on(port);
    // The same data directory and database: the first start's token and keys stay valid.
    h.node = AirlockNode.start(new SettingsResolver(h.env).resolve(new ServeFlags(h.dir.resolve("data"), h.configFile,
        h.dbUrl, "127.0.0.1:0", "127.0.0.1:0", h.upstreamCa, h.connectTo, List.of(), Path.of("../conf/policies"),
        h.dir.resolve("no-tools"))));

    Poll.until(Duration.ofSeconds(30), "all recorded delivered", () -> {
      try {
        JsonNode all = h.admin("GET", "/api/v1/alert-channels/" + channel + "/deliveries", null);
        int delivered = 0;
        for (JsonNode d : all.get("data")) {
          delivered += d.get("status").asText().equals("delivered") ? d.get("event_count").asInt() : 0;
        }
        return delivered == 3;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    List<String> got = new ArrayList<>();
    for (Receiver.Received r : receiver.received()) {
      AirlockHarness.JSON.readTree(r.body()).forEach(e -> got.add(e.get("event_id").asText()));
    }
    assertThat(got).containsExactlyInAnyOrderElementsOf(denied);
  }
}
