package dev.airlock.admin.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.TestTraces;
import dev.airlock.admin.store.TraceJson;
import dev.airlock.proxy.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The encoders alone, on values chosen to break naive writers. */
class ExportFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant TIME = Instant.parse("2025-03-04T05:06:07.089123Z");

  private static String encode(ExportFormat format, List<Trace> traces) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceEncoder encoder = format.open(out, JSON, "node-1");
    for (Trace t : traces) {
      encoder.trace(t);
    }
    encoder.finish();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** As a reader sees it (numbers typed by their value, not by the writer's Java type). */
  private static JsonNode parsed(JsonNode written) throws IOException {
    return JSON.readTree(JSON.writeValueAsString(written));
  }

  private static Trace trace(String decision) {
    return TestTraces.trace("production", "ci-bot", "slack", decision, TIME);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "plain|plain",
      "a,b|'\"a,b\"'",
      "say \"hi\"|'\"say \"\"hi\"\"\"'",
      "'line\nbreak'|'\"line\nbreak\"'",
      "'cr\rreturn'|'\"cr\rreturn\"'",
      "'  spaced  '|'  spaced  '",
      "é ünïcödé|é ünïcödé",
  })
  void csvQuotesOnlyWhatRfc4180Requires(String agent, String field) throws IOException {
    Trace t = TestTraces.trace("default", agent, "slack", "ALLOW", TIME);
    String csv = encode(ExportFormat.CSV, List.of(t));
    String record = csv.substring(csv.indexOf("\r\n") + 2);
    assertThat(record).startsWith(t.id() + "," + TIME + ",default," + field + ",key_1,slack,").endsWith("\r\n");
  }

  @Test
  void csvWritesListsSignalsAndAbsentValues() throws IOException {
    Trace t = new Trace("trc_1", TIME, "default", "a", null, "slack", "post_message", "WRITE", "POST", "slack.com",
        "/api", 403, "DENY", "ALLOW", List.of("SECRET_DETECTED", "PII_DETECTED"), null, 1.0E-4, "HIGH",
        List.of("SECRETS.aws", "PII.email"), List.of("SECRETS.slack"), 1, 2, 3, -1, null,
        Map.of("burst", 0.25));
    String record = encode(ExportFormat.CSV, List.of(t)).lines().skip(1).findFirst().orElseThrow();
    assertThat(record).isEqualTo("trc_1," + TIME + ",default,a,,slack,post_message,WRITE,POST,slack.com,/api,403,DENY,"
        + "ALLOW,SECRET_DETECTED;PII_DETECTED,,0.0001,HIGH,burst=0.25,SECRETS.aws;PII.email,SECRETS.slack,1,2,3,-1,");
  }

  @ParameterizedTest
  @EnumSource(ExportFormat.class)
  void nothingToExportIsAValidEmptyDocument(ExportFormat format) throws IOException {
    String empty = encode(format, List.of());
    switch (format) {
      case JSON, DATADOG -> assertThat(empty).isEqualTo("[]");
      case NDJSON, SPLUNK -> assertThat(empty).isEmpty();
      case CSV -> assertThat(empty).isEqualTo(String.join(",", CsvEncoder.COLUMNS) + "\r\n");
    }
  }

  @Test
  void ndjsonLinesHoldNoRawLineBreaks() throws IOException {
    Trace t = TestTraces.trace("default", "multi\nline\r\nagent", "slack", "ALLOW", TIME);
    String out = encode(ExportFormat.NDJSON, List.of(t, trace("DENY")));
    assertThat(out).endsWith("\n").doesNotContain("\r");
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0))).isEqualTo(parsed(TraceJson.toJson(t)));
  }

  @Test
  void jsonArrayHoldsTheApiShape() throws IOException {
    JsonNode array = JSON.readTree(encode(ExportFormat.JSON, List.of(trace("ALLOW"), trace("DENY"))));
    assertThat(array).hasSize(2);
    assertThat(array.get(1)).isEqualTo(parsed(TraceJson.toJson(trace("DENY")).put("id", array.get(1).get("id").asText())));
  }

  @Test
  void splunkTimeIsEpochSecondsWithMilliseconds() throws IOException {
    String line = encode(ExportFormat.SPLUNK, List.of(trace("DENY"))).strip();
    assertThat(line).startsWith("{\"time\":" + TIME.getEpochSecond() + ".089,\"host\":\"node-1\",\"source\":\"airlock\","
        + "\"sourcetype\":\"airlock:decision\",\"event\":{");
  }

  @ParameterizedTest
  @CsvSource({
      "ALLOW, info",
      "SANITIZE, notice",
      "REQUIRE_APPROVAL, notice",
      "DENY, warning",
      "AUTH_FAILED, warning",
  })
  void datadogStatusFollowsTheDecision(String decision, String status) throws IOException {
    JsonNode log = JSON.readTree(encode(ExportFormat.DATADOG, List.of(trace(decision)))).get(0);
    assertThat(log.get("status").asText()).isEqualTo(status);
    assertThat(log.get("ddtags").asText())
        .isEqualTo("env:production,tool:slack,decision:" + decision.toLowerCase(java.util.Locale.ROOT));
    assertThat(log.get("hostname").asText()).isEqualTo("node-1");
    assertThat(log.get("timestamp").asLong()).isEqualTo(TIME.toEpochMilli());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "production|production",
      "My Tool|my_tool",
      "a,b:c|a_b:c",
      "''|none",
  })
  void datadogTagValuesCannotSplitTheTagList(String value, String tag) {
    assertThat(DatadogLog.tag(value)).isEqualTo(tag);
  }

  @Test
  void formatsAreNamedInLowerCase() {
    assertThat(ExportFormat.of("csv")).contains(ExportFormat.CSV);
    assertThat(ExportFormat.of("CSV")).isEmpty();
    assertThat(ExportFormat.slugs()).isEqualTo("json, ndjson, csv, splunk, datadog");
  }
}
