package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.airlock.admin.store.BulkTraces;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.math.BigDecimal;
import dev.airlock.admin.store.Poll;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/decisions/export} over real HTTP on a real database, every format read back. */
class AdminServerDecisionsExportTest extends AdminServerTestBase {
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(3, ChronoUnit.HOURS);

  /** Oldest first, as the export orders them. */
  private List<Trace> seeded;

  @BeforeEach
  void seed() {
    store.environments().create(Environment.of("staging", "Staging"));
    seeded = List.of(
        awkward(T0),
        trace("staging", "ci-bot", "github", "ALLOW", T0.plus(1, ChronoUnit.HOURS)),
        withSignals(trace("default", "ci-bot", "slack", "DENY", T0.plus(2, ChronoUnit.HOURS))),
        trace("default", "other-bot", "jira", "SANITIZE", T0.plus(150, ChronoUnit.MINUTES)));
    store.traces().insert(seeded);
  }

  /** Every character CSV must quote, in fields an agent controls. */
  private static Trace awkward(Instant time) {
    return new Trace(TraceIds.at(time.toEpochMilli()), time, "default", "bot, \"quoted\"", null, "custom",
        "", "READ", "GET", "api.example.com", "/search?q=a,b&x=\"y\"\r\nnext", 200, "ALLOW", "ALLOW",
        List.of(), null, 0.0001, "LOW", List.of(), List.of(), 0, 10, 3, 12, null);
  }

  private static Trace withSignals(Trace t) {
    Map<String, Double> signals = new LinkedHashMap<>();
    signals.put("new_destination", 0.3);
    signals.put("write_verb", 0.1);
    return new Trace(t.id(), t.time(), t.env(), t.agent(), t.keyId(), t.tool(), t.operation(), t.verb(),
        t.method(), t.host(), t.path(), t.status(), t.decision(), t.enforcedAction(), t.reasons(), t.ruleRef(),
        t.riskScore(), t.severity(), t.dataClasses(), t.boundDataClasses(), t.bytesIn(), t.bytesOut(),
        t.policyMicros(), t.upstreamMillis(), "apr_1", signals);
  }

  private static HttpResponse<byte[]> export(String query, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/decisions/export" + query)).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> ok(String query) throws Exception {
    HttpResponse<byte[]> r = export(query, bearer());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return r;
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** The traces as GET /api/v1/traces shows them, by id. */
  private Map<String, JsonNode> listed() throws Exception {
    Map<String, JsonNode> byId = new HashMap<>();
    json.readTree(get("/api/v1/traces?limit=1000", bearer()).body()).get("data")
        .forEach(t -> byId.put(t.get("id").asText(), t));
    assertThat(byId).hasSize(seeded.size());
    return byId;
  }

  private List<String> seededIds() {
    return seeded.stream().map(Trace::id).toList();
  }

  private static List<String> ids(Iterable<JsonNode> traces) {
    List<String> ids = new ArrayList<>();
    traces.forEach(t -> ids.add(t.get("id").asText()));
    return ids;
  }

  @Test
  void jsonIsOneArrayOfTracesShapedAsTheTracesListShowsThem() throws Exception {
    HttpResponse<byte[]> r = ok("?format=json");

    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.headers().firstValue("content-disposition").orElseThrow())
        .matches("attachment; filename=\"airlock-decisions-\\d{8}T\\d{6}Z\\.json\"");
    assertThat(r.headers().firstValue("content-length")).isEmpty();
    JsonNode array = json.readTree(r.body());
    assertThat(array.isArray()).isTrue();
    assertThat(ids(array)).containsExactlyElementsOf(seededIds());
    Map<String, JsonNode> listed = listed();
    array.forEach(t -> assertThat(t).isEqualTo(listed.get(t.get("id").asText())));
  }

  @Test
  void jsonIsTheDefaultFormat() throws Exception {
    HttpResponse<byte[]> r = ok("");
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(ids(json.readTree(r.body()))).containsExactlyElementsOf(seededIds());
  }

  @Test
  void ndjsonIsOneTracePerLine() throws Exception {
    HttpResponse<byte[]> r = ok("?format=ndjson");

    assertThat(r.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(r.headers().firstValue("content-disposition").orElseThrow()).endsWith(".ndjson\"");
    String body = text(r);
    assertThat(body).endsWith("\n");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : body.split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(json.readTree(line));
      }
    }
    assertThat(body.split("\n")).hasSize(seeded.size());
    assertThat(ids(lines)).containsExactlyElementsOf(seededIds());
    Map<String, JsonNode> listed = listed();
    lines.forEach(t -> assertThat(t).isEqualTo(listed.get(t.get("id").asText())));
  }

  @Test
  void csvIsRfc4180WithAHeaderAndQuotedAwkwardFields() throws Exception {
    HttpResponse<byte[]> r = ok("?format=csv");

    assertThat(r.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
    assertThat(r.headers().firstValue("content-disposition").orElseThrow()).endsWith(".csv\"");
    String body = text(r);
    assertThat(body).startsWith("id,time,env,agent,key_id,tool,operation,verb,method,host,path,status,decision,"
        + "enforced_action,reasons,rule,risk_score,severity,risk_signals,data_classes,bound_data_classes,bytes_in,"
        + "bytes_out,policy_us,upstream_ms,approval_id\r\n");
    List<Map<String, String>> rows = new ArrayList<>();
    CsvMapper csv = new CsvMapper();
    try (MappingIterator<Map<String, String>> it = csv.readerForMapOf(String.class)
        .with(csv.schemaWithHeader().withStrictHeaders(true))
        .with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
        .readValues(body)) {
      it.forEachRemaining(rows::add);
    }
    assertThat(rows).extracting(row -> row.get("id")).containsExactlyElementsOf(seededIds());

    Map<String, String> awkward = rows.get(0);
    assertThat(awkward.get("agent")).isEqualTo("bot, \"quoted\"");
    assertThat(awkward.get("path")).isEqualTo("/search?q=a,b&x=\"y\"\r\nnext");
    assertThat(awkward.get("key_id")).isEmpty();
    assertThat(awkward.get("rule")).isEmpty();
    assertThat(awkward.get("risk_score")).isEqualTo("0.0001");
    assertThat(awkward.get("time")).isEqualTo(seeded.get(0).time().toString());

    Map<String, String> denied = rows.get(2);
    assertThat(denied.get("decision")).isEqualTo("DENY");
    assertThat(denied.get("reasons")).isEqualTo("SECRET_DETECTED");
    assertThat(denied.get("rule")).isEqualTo("block-secrets/deny");
    // A scored trace lists every signal, those that did not fire as 0.
    assertThat(denied.get("risk_signals")).isEqualTo("new_destination=0.3;sensitive_data_egress=0;"
        + "external_principal=0;write_verb=0.1;admin_verb=0;threat_intel=0;off_hours=0;burst=0;raw_risk=0");
    assertThat(denied.get("data_classes")).isEqualTo("SECRETS.aws_access_key");
    assertThat(denied.get("status")).isEqualTo("403");
    assertThat(denied.get("upstream_ms")).isEqualTo("-1");
    assertThat(denied.get("approval_id")).isEqualTo("apr_1");
  }

  @Test
  void splunkIsOneHecEventPerLine() throws Exception {
    HttpResponse<byte[]> r = ok("?format=splunk");

    assertThat(r.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(r.headers().firstValue("content-disposition").orElseThrow()).endsWith(".splunk.json\"");
    String[] lines = text(r).split("\n");
    assertThat(lines).hasSize(seeded.size());
    Map<String, JsonNode> listed = listed();
    for (int i = 0; i < lines.length; i++) {
      JsonNode event = json.readTree(lines[i]);
      Trace t = seeded.get(i);
      assertThat(event.get("time").isNumber()).isTrue();
      assertThat(event.get("time").decimalValue())
          .isEqualByComparingTo(BigDecimal.valueOf(t.time().toEpochMilli(), 3));
      assertThat(event.get("host").asText()).isNotBlank();
      assertThat(event.get("source").asText()).isEqualTo("airlock");
      assertThat(event.get("sourcetype").asText()).isEqualTo("airlock:decision");
      assertThat(event.get("event")).isEqualTo(listed.get(t.id()));
    }
  }

  @Test
  void datadogIsOneArrayOfLogsWithTags() throws Exception {
    HttpResponse<byte[]> r = ok("?format=datadog");

    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.headers().firstValue("content-disposition").orElseThrow()).endsWith(".datadog.json\"");
    JsonNode logs = json.readTree(r.body());
    assertThat(logs.isArray()).isTrue();
    assertThat(logs).hasSize(seeded.size());
    Map<String, JsonNode> listed = listed();
    for (int i = 0; i < logs.size(); i++) {
      JsonNode log = logs.get(i);
      Trace t = seeded.get(i);
      assertThat(log.get("ddsource").asText()).isEqualTo("airlock");
      assertThat(log.get("service").asText()).isEqualTo("airlock");
      assertThat(log.get("hostname").asText()).isNotBlank();
      assertThat(log.get("timestamp").asLong()).isEqualTo(t.time().toEpochMilli());
      assertThat(log.get("airlock")).isEqualTo(listed.get(t.id()));
    }
    JsonNode denied = logs.get(2);
    assertThat(denied.get("ddtags").asText()).isEqualTo("env:default,tool:slack,decision:deny");
    assertThat(denied.get("status").asText()).isEqualTo("warning");
    assertThat(denied.get("message").asText())
        .isEqualTo("DENY slack.post_message POST slack.com/api/x by agent ci-bot in default (SECRET_DETECTED)");
    assertThat(logs.get(0).get("ddtags").asText()).isEqualTo("env:default,tool:custom,decision:allow");
  }

  @Test
  void sinceUntilAndEnvFilter() throws Exception {
    String since = T0.plus(30, ChronoUnit.MINUTES).toString();
    String until = T0.plus(150, ChronoUnit.MINUTES).toString();

    assertThat(ids(json.readTree(ok("?format=json&since=" + since + "&until=" + until).body())))
        .containsExactly(seeded.get(1).id(), seeded.get(2).id());
    assertThat(ids(json.readTree(ok("?format=json&since=90m").body())))
        .containsExactly(seeded.get(2).id(), seeded.get(3).id());
    assertThat(ids(json.readTree(ok("?format=json&env=staging").body()))).containsExactly(seeded.get(1).id());
    assertThat(ids(json.readTree(ok("?format=json&env=default&until=" + until).body())))
        .containsExactly(seeded.get(0).id(), seeded.get(2).id());
  }

  @Test
  void nothingMatchingIsAnEmptyDocument() throws Exception {
    String future = "?since=" + Instant.now().plus(1, ChronoUnit.DAYS);
    assertThat(text(ok(future + "&format=json"))).isEqualTo("[]");
    assertThat(text(ok(future + "&format=datadog"))).isEqualTo("[]");
    assertThat(text(ok(future + "&format=ndjson"))).isEmpty();
    assertThat(text(ok(future + "&format=splunk"))).isEmpty();
    assertThat(text(ok(future + "&format=csv"))).startsWith("id,time,").endsWith("approval_id\r\n")
        .hasLineCount(1);
  }

  @Test
  void anEnvironmentScopedKeyExportsItsEnvironmentOnly() throws Exception {
    String staging = scopedKey("admin", "staging");

    HttpResponse<byte[]> own = export("?format=ndjson", staging);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(text(own).lines().toList()).singleElement().asString().contains(seeded.get(1).id());
    assertThat(export("?format=ndjson&env=staging", staging).statusCode()).isEqualTo(200);

    assertError(get("/api/v1/decisions/export?format=ndjson&env=default", staging), 404, "not_found", null);
  }

  @Test
  void auditorsMayExport() throws Exception {
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();
    HttpResponse<byte[]> r = export("?format=csv", auditor);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r).lines().filter(l -> l.startsWith("trc_")).count()).isEqualTo(seeded.size());
  }

  @Test
  void badParametersAreA400EnvelopeBeforeAnyBody() throws Exception {
    assertError(get("/api/v1/decisions/export" + "?format=xml", bearer()), 400, "invalid_parameter", "format");
    assertError(get("/api/v1/decisions/export" + "?format=csv&since=yesterday", bearer()), 400, "invalid_parameter", "since");
    assertError(get("/api/v1/decisions/export" + "?format=csv&until=2025-13-01", bearer()), 400, "invalid_parameter", "until");
    assertError(get("/api/v1/decisions/export" + "?env=Not_A_Slug", bearer()), 400, "invalid_parameter", "env");
    assertError(get("/api/v1/decisions/export" + "?since=1h&until=2h", bearer()), 400, "invalid_parameter", "until");
    assertError(get("/api/v1/decisions/export" + "?format=csv&format=json", bearer()), 400, "invalid_parameter", "format");
    HttpResponse<byte[]> bad = export("?format=xml", bearer());
    assertThat(bad.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(bad.headers().firstValue("content-disposition")).isEmpty();

    assertError(get("/api/v1/decisions/export" + "?format=csv", null), 401, "unauthorized", null);
    assertError(call("POST", "/api/v1/decisions/export", bearer(), "{}"), 405, "method_not_allowed", null);
    assertError(get("/api/v1/decisions", bearer()), 404, "not_found", null);
  }

  @Test
  void aClientThatGoesAwayReleasesItsCursorAndItsSlot() throws Exception {
    BulkTraces.insert(store.traces(), 200_000, T0.minus(1, ChronoUnit.DAYS));

    try (Socket first = startExport(); Socket second = startExport()) {
      // Neither reads on: their exports wait for them, each holding a cursor and a slot.
      assertThat(openExportQueries()).isEqualTo(2);
      assertError(get("/api/v1/decisions/export?format=csv", bearer()), 429, "too_many_exports", null);
    }

    Poll.until(java.time.Duration.ofSeconds(20), "the export queries to close", () -> {
      try {
        return openExportQueries() == 0;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(openExportQueries()).as("export queries left open").isZero();
    String future = "?format=csv&since=" + Instant.now().plus(1, ChronoUnit.DAYS);
    for (int i = 0; i <= DecisionsExportHandler.MAX_RUNNING; i++) {
      assertThat(text(ok(future))).hasLineCount(1);
    }
  }

  @Test
  void aQueryFailingBeforeItsFirstRowIsAnErrorEnvelope() throws Exception {
    execute("ALTER TABLE traces RENAME TO traces_elsewhere");
    try {
      HttpResponse<String> r = get("/api/v1/decisions/export?format=csv", bearer());
      assertError(r, 500, "internal", null);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(r.headers().firstValue("content-disposition")).isEmpty();
    } finally {
      execute("ALTER TABLE traces_elsewhere RENAME TO traces");
    }
    assertThat(json.readTree(ok("?format=json").body())).hasSize(seeded.size());
  }

  @Test
  void aDatabaseLostMidwayTruncatesTheTransferInsteadOfEndingIt() throws Exception {
    BulkTraces.insert(store.traces(), 200_000, T0.minus(1, ChronoUnit.DAYS));

    try (Socket socket = startExport()) {
      execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
          + " AND pid <> pg_backend_pid() AND query LIKE '%FROM traces%ORDER BY time, id%'");
      byte[] rest = socket.getInputStream().readAllBytes(); // until the server closes the connection
      String tail = new String(rest, Math.max(0, rest.length - 16), Math.min(16, rest.length),
          StandardCharsets.US_ASCII);
      assertThat(tail).doesNotEndWith("\r\n0\r\n\r\n");
      assertThat(new String(rest, StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"id\":")).count())
          .isLessThan(200_000);
    }
    assertThat(json.readTree(ok("?format=json&since=" + T0.minusSeconds(1)).body())).hasSize(seeded.size());
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); var st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Sends an export request and reads the start of its answer, then stops reading. */
  private Socket startExport() throws Exception {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setReceiveBufferSize(16 * 1024);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("GET /api/v1/decisions/export?format=ndjson HTTP/1.1\r\nHost: airlock\r\n"
        + "Authorization: " + bearer() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] start = socket.getInputStream().readNBytes(8 * 1024);
    assertThat(new String(start, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200 OK").contains("trc_");
    return socket;
  }

  /** Export queries whose transaction is still open (running, or waiting between fetches). */
  private static int openExportQueries() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname ="
            + " current_database() AND pid <> pg_backend_pid() AND state <> 'idle'"
            + " AND query LIKE '%FROM traces%ORDER BY time, id%'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** A key limited to {@code env} with {@code role}. */
  private static String scopedKey(String role, String env) throws Exception {
    var key = store.adminTokens().create(role, "scoped");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE admin_tokens SET env = ? WHERE id = ?")) {
      ps.setString(1, env);
      ps.setString(2, key.id());
      ps.executeUpdate();
    }
    return "Bearer " + key.secret();
  }
}
