package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.Receiver;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.store.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock alert …} run in-process against a real admin server, database and receiver. */
class AdminServerAlertCliTest extends AlertServerTestBase {
  @TempDir Path dir;

  private Map<String, String> env() {
    return Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(env(), args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  @Test
  void addListShowUpdateTestDeliveriesAndRemove() throws Exception {
    store.environments().create(Environment.of("staging", "Staging"));
    try (Receiver r = Receiver.start()) {
      Path file = dir.resolve("hook.json");
      Files.writeString(file, "{\"name\": \"ops\", \"type\": \"webhook\", \"env_names\": [\"staging\"],"
          + " \"config\": {\"url\": \"" + r.url("/in") + "\", \"secret\": \"cli-secret-value-9876\"}}");
      String added = ok("alert", "add", "-f", file.toString()).out();
      assertThat(added).startsWith("Added channel 'ops' (ach_").contains("webhook");
      String id = added.substring(added.indexOf("(") + 1, added.indexOf(","));

      assertThat(ok("alert", "list").out()).contains("ID", "NAME", id, "ops", "webhook", "staging",
          "DENY,REQUIRE_APPROVAL,INCIDENT");
      assertThat(ok("alert", "list", "--env", "default").err()).contains("No alert channels.");
      String shown = ok("alert", "show", id).out();
      assertThat(shown).contains("config.secret", "****9876").doesNotContain("cli-secret-value");

      Path patch = dir.resolve("patch.yaml");
      Files.writeString(patch, "min_severity: HIGH\nevents: [DENY]\n");
      assertThat(ok("alert", "update", id, "-f", patch.toString()).out()).startsWith("Updated channel 'ops'");
      JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok("alert", "show", id, "-o", "json")
          .out());
      assertThat(json.get("min_severity").asText()).isEqualTo("HIGH");

      assertThat(ok("alert", "test", id).out()).startsWith("Delivered test event to channel " + id);
      assertThat(r.received()).hasSize(1);
      // The test action sends one event, even to a channel that otherwise takes batches.
      JsonNode sent = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.received().get(0).body());
      assertThat(sent.isObject()).isTrue();
      assertThat(sent.get("event_type").asText()).isEqualTo("DENY");
      assertThat(ok("alert", "deliveries", id).out()).contains("EVENTS", "delivered", "DENY");

      r.answer(dev.airlock.admin.alerts.Receiver.Answer.status(500), Receiver.Answer.status(500));
      Cli.Result failed = Cli.run(env(), "alert", "test", id);
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.out()).contains("failed: HTTP 500 from 127.0.0.1");
      dev.airlock.admin.store.Poll.until(Duration.ofSeconds(10), "a dead delivery",
          () -> Cli.run(env(), "alert", "deliveries", id, "--status", "dead").out().contains("dead"));
      String dead = ok("alert", "deliveries", id, "--status", "dead", "-o", "json").out();
      String delivery = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dead).get(0).get("id").asText();
      assertThat(ok("alert", "retry", id, delivery).out()).isEqualTo("Delivery " + delivery + " is pending again.\n");
      dev.airlock.admin.store.Poll.until(Duration.ofSeconds(10), "redelivered", () -> r.received().size() == 4);

      Cli.Result bad = Cli.run(env(), "alert", "add", "-f", dir.resolve("missing.json").toString());
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.err().lines()).hasSize(1).first().asString().contains("no such file");
      Files.writeString(file, "{\"name\": \"x\", \"type\": \"slack\", \"env_names\": [\"staging\"], \"config\": {}}");
      Cli.Result invalid = Cli.run(env(), "alert", "add", "-f", file.toString());
      assertThat(invalid.exitCode()).isEqualTo(1);
      assertThat(invalid.err().lines()).hasSize(1).first().asString().contains("config.webhook_url: required");

      assertThat(ok("alert", "remove", id).out()).startsWith("Removed channel 'ops'");
      assertThat(Cli.run(env(), "alert", "show", id).exitCode()).isEqualTo(1);
    }
  }
}
