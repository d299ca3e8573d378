package dev.airlock.admin.alerts.siem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.AlertEventJson;
import dev.airlock.admin.alerts.render.AlertSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Splunk and Datadog bodies of a webhook channel: every field, in order, for each kind of event. */
class WebhookFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of("deny", SiemTestEvents.deny(), "env:production,tool:slack,event:deny", "warning",
            "airlock:decision"),
        Arguments.of("allow", SiemTestEvents.allow(), "env:production,tool:github,event:allow", "info",
            "airlock:decision"),
        Arguments.of("awkward approval", SiemTestEvents.awkward(),
            "env:production,tool:tool_x,event:require_approval", "notice", "airlock:decision"),
        Arguments.of("incident", SiemTestEvents.incident("opened", "open"),
            "env:production,tool:none,event:incident", "warning", "airlock:incident"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void datadogLogsCarryTheReservedAttributesAndTheEvent(String name, AlertEvent event, String tags, String status,
      String sourcetype) throws IOException {
    JsonNode logs = JSON.readTree(WebhookFormats.all("node-1").get("datadog").encode(event));
    assertThat(logs.isArray()).isTrue();
    assertThat(logs).hasSize(1);
    JsonNode log = logs.get(0);
    assertThat(fieldNames(log))
        .containsExactly("ddsource", "service", "hostname", "ddtags", "message", "timestamp", "status", "airlock");
    assertThat(log.get("ddsource").asText()).isEqualTo("airlock");
    assertThat(log.get("service").asText()).isEqualTo("airlock");
    assertThat(log.get("hostname").asText()).isEqualTo("node-1");
    assertThat(log.get("ddtags").asText()).isEqualTo(tags);
    assertThat(log.get("message").asText()).isEqualTo(AlertSummary.of(event).title());
    assertThat(log.get("timestamp").asLong()).isEqualTo(SiemTestEvents.TIME.toEpochMilli());
    assertThat(log.get("status").asText()).isEqualTo(status);
    assertThat(log.get("airlock")).isEqualTo(JSON.readTree(AlertEventJson.toJson(event).toString()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void splunkEventsCarryTheHecFieldsAndTheEvent(String name, AlertEvent event, String tags, String status,
      String sourcetype) throws IOException {
    String body = new String(WebhookFormats.all("node-1").get("splunk").encode(event),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(body).endsWith("}\n").containsOnlyOnce("\n");
    JsonNode hec = JSON.readTree(body);
    assertThat(fieldNames(hec)).containsExactly("time", "host", "source", "sourcetype", "event");
    assertThat(body).startsWith("{\"time\":1772368496.789,");
    assertThat(hec.get("host").asText()).isEqualTo("node-1");
    assertThat(hec.get("source").asText()).isEqualTo("airlock");
    assertThat(hec.get("sourcetype").asText()).isEqualTo(sourcetype);
    assertThat(hec.get("event")).isEqualTo(JSON.readTree(AlertEventJson.toJson(event).toString()));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
