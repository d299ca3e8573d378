package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.metrics.MetricSamples;
import dev.airlock.admin.metrics.NodeMetrics;
import dev.airlock.admin.metrics.NodeStatus;
import dev.airlock.admin.metrics.RequestMetrics;
import dev.airlock.admin.store.BoundedExecutor;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.ParserPolicyValidator;
import dev.airlock.admin.store.StoreAgentDirectory;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.admin.store.TestDatabase;
import dev.airlock.admin.store.TraceWriter;
import dev.airlock.certs.LeafCache;
import dev.airlock.proxy.server.MitmContexts;
import dev.airlock.proxy.server.ProxyStats;
import dev.airlock.proxy.trace.Trace;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private static TestDatabase db;
  private static StoreRepositories store;
  private static ExecutorService executor;
  private static AdminServer server;
  private static RequestMetrics requestMetrics;
  private static TraceWriter traceWriter;
  private static StoreAgentDirectory directory;
  private static final AtomicBoolean storeOpen = new AtomicBoolean(true);
  private static final AtomicInteger changes = new AtomicInteger();
  private static final HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
  private static final ObjectMapper json = new ObjectMapper();
  private String token;

  @BeforeAll
  static void start() throws IOException {
    db = TestDatabase.start();
    store = StoreRepositories.on(db.dataSource());
    executor = BoundedExecutor.create("store", 4, 1000);
    requestMetrics = new RequestMetrics();
    traceWriter = new TraceWriter(store.traces(), Files.createTempDirectory("admin-spool"),
        TraceWriter.Settings.defaults(), json);
    NodeMetrics metrics = new NodeMetrics(requestMetrics, new ProxyStats(),
        new MitmContexts(host -> CompletableFuture.failedFuture(new IllegalStateException("no leaves")), Runnable::run),
        new LeafCache(host -> {
          throw new IllegalStateException("no minting");
        }, Runnable::run, 10, Clock.systemUTC()),
        traceWriter);
    NodeStatus status = new NodeStatus(metrics, "127.0.0.1", 3128, Clock.systemUTC());
    // Loaded once and never listening: only the API's own refresh can make a change visible to it.
    directory = new StoreAgentDirectory(db.dataSource(), db.database()::openDedicated, executor,
        StoreAgentDirectory.Settings.defaults());
    directory.load();
    server = new AdminServer(store, new ParserPolicyValidator(new com.fasterxml.jackson.databind.ObjectMapper()),
        () -> storeOpen.get() && db.database().isReady(), executor, "127.0.0.1", 0, changes::incrementAndGet,
        status, storeOpen::get, id -> directory.refresh(List.of(id))).start();
  }

  @AfterAll
  static void stop() {
    directory.close();
    server.close();
    server.close();
    traceWriter.close();
    executor.shutdownNow();
    db.close();
  }

  @BeforeEach
  void setUp() {
    db.truncateAll();
    store.environments().create(Environment.of("default", "Default"));
    token = store.adminTokens().create("owner", "test").secret();
  }

  @Test
  void healthEndpointsNeedNoToken() throws Exception {
    assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = call("GET", "/readyz", null, null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json.readTree(ready.body()).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void apiNeedsAValidBearerToken() throws Exception {
    for (String auth : new String[] {null, "Bearer alt_wrong", "Basic abc", token}) {
      HttpResponse<String> r = call("GET", "/api/v1/environments", auth, null);
      assertThat(r.statusCode()).isEqualTo(401);
      JsonNode body = json.readTree(r.body());
      assertThat(body.at("/error/code").asText()).isEqualTo("unauthorized");
      assertThat(body.at("/meta/request_id").asText()).startsWith("req_");
      assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    }
    String auditor = store.adminTokens().create("auditor", "audit").secret();
    assertThat(get("/api/v1/environments", "Bearer " + auditor).statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/environments", "Bearer " + auditor, "{\"slug\":\"x1\"}").statusCode()).isEqualTo(403);
  }

  @Test
  void environments() throws Exception {
    HttpResponse<String> list = get("/api/v1/environments", bearer());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = json.readTree(list.body());
    assertThat(body.get("data").isArray()).isTrue();
    assertThat(body.at("/data/0/slug").asText()).isEqualTo("default");
    assertThat(body.at("/meta/request_id").asText()).startsWith("req_");
    assertThat(Instant.parse(body.at("/meta/timestamp").asText())).isNotNull();
    assertThat(body.at("/meta/total").asInt()).isEqualTo(1);

    HttpResponse<String> created = post("/api/v1/environments", bearer(),
        "{\"slug\":\"production\",\"name\":\"Production\",\"is_production\":true,"
            + "\"enforcement_mode\":\"enforce\",\"default_action\":\"ALLOW\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode env = json.readTree(created.body()).get("data");
    assertThat(env.get("slug").asText()).isEqualTo("production");
    assertThat(env.get("is_production").asBoolean()).isTrue();
    assertThat(env.get("enforcement_mode").asText()).isEqualTo("enforce");
    assertThat(env.get("default_action").asText()).isEqualTo("ALLOW");
    assertThat(env.get("description").asText()).isEmpty();
    assertThat(env.hasNonNull("created_at")).isTrue();
    assertThat(changes.get()).isPositive();

    assertThat(json.readTree(get("/api/v1/environments/production", bearer()).body()).at("/data/name").asText())
        .isEqualTo("Production");
    assertError(get("/api/v1/environments/nope", bearer()), 404, "not_found", null);
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"production\"}"), 409, "conflict", null);
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"Bad Slug\"}"), 422, "invalid_slug", "slug");
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":"), 400, "invalid_json", null);
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"ok-slug\",\"is_prod\":true}"), 422,
        "unknown_field", "is_prod");
    assertError(post("/api/v1/environments", bearer(), "{\"slug\":\"ok-slug\",\"enforcement_mode\":\"loud\"}"),
        422, "invalid_enforcement_mode", "enforcement_mode");
  }

  @Test
  void unknownRoutesAndWrongMethods() throws Exception {
    assertError(get("/api/v1/nope", bearer()), 404, "not_found", null);
    assertError(get("/elsewhere", bearer()), 404, "not_found", null);
    assertError(call("DELETE", "/api/v1/environments", bearer(), null), 405, "method_not_allowed", null);
    assertError(call("PUT", "/api/v1/traces", bearer(), ""), 405, "method_not_allowed", null);
    assertError(post("/api/v1/policies/validate", bearer(), "x".repeat(1024 * 1024 + 1)), 413,
        "payload_too_large", null);
  }

  @Test
  void oversizedBodiesAlwaysGetTheir413() throws Exception {
    // The server answers before reading the body: the answer must not be lost to a reset when
    // the connection closes with body bytes still unread.
    String big = "x".repeat(4 * 1024 * 1024);
    for (int i = 0; i < 20; i++) {
      assertError(post("/api/v1/policies/validate", bearer(), big), 413, "payload_too_large", null);
    }
  }

  @Test
  void createdAgentKeyAuthenticatesThroughTheDirectory() throws Exception {
    HttpResponse<String> created =
        post("/api/v1/agents", bearer(), "{\"name\":\"ci-bot\",\"env\":\"default\",\"runtime_type\":\"custom\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode data = json.readTree(created.body()).get("data");
    assertThat(data.at("/agent/id").asText()).startsWith("agt_");
    assertThat(data.at("/agent/status").asText()).isEqualTo("active");
    assertThat(data.at("/key/id").asText()).startsWith("key_");
    String secret = data.at("/key/secret").asText();

    // Known to this node's directory as soon as the API answered.
    assertThat(directory.authenticate("ci-bot", secret).get(5, TimeUnit.SECONDS))
        .hasValueSatisfying(id -> assertThat(id.env()).isEqualTo("default"));
    assertThat(directory.isKnownAgent("ci-bot")).isTrue();

    JsonNode list = json.readTree(get("/api/v1/agents?env=default", bearer()).body());
    assertThat(list.at("/data/0/name").asText()).isEqualTo("ci-bot");
    assertThat(list.toString()).doesNotContain(secret);
    assertError(post("/api/v1/agents", bearer(), "{\"name\":\"ci-bot\",\"env\":\"default\"}"), 409, "conflict", null);
    assertError(post("/api/v1/agents", bearer(), "{\"name\":\"x\",\"env\":\"missing\"}"), 404, "not_found", null);
    assertError(post("/api/v1/agents", bearer(), "{\"name\":\"bad name\"}"), 422, "invalid_name", "name");
  }

  @Test
  void suspendUnsuspendIssueAndRevokeApplyToTheDirectoryBeforeTheAnswer() throws Exception {
    JsonNode created = json.readTree(post("/api/v1/agents", bearer(), "{\"name\":\"ops-bot\"}").body()).get("data");
    String id = created.at("/agent/id").asText();
    String first = created.at("/key/secret").asText();
    assertThat(authenticates("ops-bot", first)).isTrue();

    HttpResponse<String> suspended = post("/api/v1/agents/" + id + "/suspend", bearer(), null);
    assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
    assertThat(json.readTree(suspended.body()).at("/data/status").asText()).isEqualTo("suspended");
    assertThat(authenticates("ops-bot", first)).isFalse();
    assertThat(directory.isKnownAgent("ops-bot")).isTrue();
    assertThat(json.readTree(post("/api/v1/agents/" + id + "/unsuspend", bearer(), null).body())
        .at("/data/status").asText()).isEqualTo("active");
    assertThat(authenticates("ops-bot", first)).isTrue();

    HttpResponse<String> issued = post("/api/v1/agents/" + id + "/keys", bearer(), null);
    assertThat(issued.statusCode()).isEqualTo(201);
    String second = json.readTree(issued.body()).at("/data/secret").asText();
    String secondId = json.readTree(issued.body()).at("/data/id").asText();
    assertThat(authenticates("ops-bot", second)).isTrue();

    // Rotation: the new key works, the old one is revoked.
    HttpResponse<String> revoked =
        call("DELETE", "/api/v1/agents/" + id + "/keys/" + created.at("/key/id").asText(), bearer(), null);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(authenticates("ops-bot", first)).isFalse();
    assertThat(authenticates("ops-bot", second)).isTrue();

    assertError(call("DELETE", "/api/v1/agents/agt_nope/keys/" + secondId, bearer(), null), 404, "not_found", null);
    assertError(post("/api/v1/agents/agt_nope/suspend", bearer(), null), 404, "not_found", null);
    assertError(post("/api/v1/agents/" + id + "/explode", bearer(), null), 404, "not_found", null);
    assertError(get("/api/v1/agents/" + id + "/suspend", bearer()), 405, "method_not_allowed", null);
  }

  @Test
  void beforeTheStoreIsOpenTheApiAnswers503AndReadyzToo() throws Exception {
    storeOpen.set(false);
    try {
      assertError(get("/api/v1/agents", bearer()), 503, "unavailable", null);
      assertError(get("/api/v1/environments", null), 503, "unavailable", null);
      assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
      HttpResponse<String> ready = call("GET", "/readyz", null, null);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(json.readTree(ready.body()).get("status").asText()).isEqualTo("unavailable");
    } finally {
      storeOpen.set(true);
    }
    assertThat(get("/api/v1/agents", bearer()).statusCode()).isEqualTo(200);
  }

  private static boolean authenticates(String agent, String key) throws Exception {
    return directory.authenticate(agent, key).get(5, TimeUnit.SECONDS).isPresent();
  }

  @Test
  void policiesAreVersionedScopedAndDeleted() throws Exception {
    store.environments().create(Environment.of("production", "Production"));
    int before = changes.get();
    String doc = "{\"name\":\"block\",\"rules\":[{\"id\":\"r1\",\"action\":\"DENY\"}]}";

    HttpResponse<String> v1 = post("/api/v1/policies?env=production", bearer(), doc);
    assertThat(v1.statusCode()).isEqualTo(201);
    JsonNode first = json.readTree(v1.body()).get("data");
    assertThat(first.get("env_names").toString()).isEqualTo("[\"production\"]");
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("rules").asInt()).isEqualTo(1);
    assertThat(first.at("/document/name").asText()).isEqualTo("block");
    JsonNode second = json.readTree(post("/api/v1/policies?env=production", bearer(), doc).body()).get("data");
    assertThat(second.get("version").asInt()).isEqualTo(2);
    assertThat(changes.get()).isEqualTo(before + 2);

    HttpResponse<String> yaml = call("POST", "/api/v1/policies", bearer(),
        "name: everywhere\nrules:\n  - id: observe\n    action: ALLOW\n", "application/yaml");
    assertThat(yaml.statusCode()).isEqualTo(201);

    JsonNode prod = json.readTree(get("/api/v1/policies?env=production", bearer()).body());
    assertThat(prod.at("/meta/total").asInt()).isEqualTo(2);
    assertThat(json.readTree(get("/api/v1/policies?env=default", bearer()).body()).at("/meta/total").asInt())
        .isEqualTo(1);
    assertThat(json.readTree(get("/api/v1/policies/" + first.get("id").asText(), bearer()).body())
        .at("/data/version").asInt()).isEqualTo(1);

    assertError(post("/api/v1/policies", bearer(), "{\"name\":\"b\",\"rules\":[{\"id\":\"r1\",\"action\":\"BLOK\"}]}"),
        422, "invalid_policy", "rules[0].action");
    assertError(post("/api/v1/policies?env=production", bearer(),
        "{\"name\":\"b\",\"env_names\":[\"dev\"],\"rules\":[{\"id\":\"r1\",\"action\":\"DENY\"}]}"), 422, "env_mismatch", "env_names");
    assertError(post("/api/v1/policies?env=nowhere", bearer(), doc), 404, "not_found", null);
    HttpResponse<String> valid = post("/api/v1/policies/validate", bearer(), doc);
    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(json.readTree(valid.body()).at("/data/valid").asBoolean()).isTrue();
    assertError(post("/api/v1/policies/validate", bearer(), "{\"name\":\"b\",\"rules\":[]}"), 422,
        "invalid_policy", "rules");

    HttpResponse<String> deleted = call("DELETE", "/api/v1/policies/" + second.get("id").asText(), bearer(), null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(json.readTree(deleted.body()).at("/data/deleted").asBoolean()).isTrue();
    assertThat(json.readTree(get("/api/v1/policies?env=production", bearer()).body()).at("/meta/total").asInt())
        .isEqualTo(1);
    assertError(call("DELETE", "/api/v1/policies/" + second.get("id").asText(), bearer(), null), 404, "not_found", null);
  }

  @Test
  void tracesFilterAndPage() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      traces.add(trace(i % 3 == 0 ? "production" : "default", "bot", i % 2 == 0 ? "slack" : "github",
          i % 5 == 0 ? "DENY" : "ALLOW", now.minusSeconds(i * 60L)));
    }
    store.traces().insert(traces);

    JsonNode denies = json.readTree(get("/api/v1/traces?env=production&decision=DENY", bearer()).body());
    assertThat(denies.get("data")).isNotEmpty().allSatisfy(t -> {
      assertThat(t.get("env").asText()).isEqualTo("production");
      assertThat(t.get("decision").asText()).isEqualTo("DENY");
      assertThat(t.get("reasons").get(0).asText()).isEqualTo("SECRET_DETECTED");
      assertThat(t.has("risk_score")).isTrue();
      assertThat(t.has("enforced_action")).isTrue();
    });
    JsonNode recent = json.readTree(get("/api/v1/traces?since=10m&tool=slack", bearer()).body());
    assertThat(recent.get("data")).hasSize(5); // i = 0, 2, 4, 6, 8 at 0..8 minutes ago
    String since = URLEncoder.encode(now.minusSeconds(150).toString(), StandardCharsets.UTF_8);
    assertThat(json.readTree(get("/api/v1/traces?since=" + since, bearer()).body()).get("data")).hasSize(3);

    List<String> ids = new ArrayList<>();
    String next = "";
    do {
      JsonNode page = json.readTree(get("/api/v1/traces?limit=7" + next, bearer()).body());
      page.get("data").forEach(t -> ids.add(t.get("id").asText()));
      next = page.at("/meta/next_cursor").isMissingNode() ? null : "&cursor=" + page.at("/meta/next_cursor").asText();
    } while (next != null);
    assertThat(ids).containsExactlyElementsOf(traces.stream().map(Trace::id).toList());

    assertError(get("/api/v1/traces?since=yesterday", bearer()), 400, "invalid_parameter", "since");
    assertError(get("/api/v1/traces?until=5x", bearer()), 400, "invalid_parameter", "until");
    assertError(get("/api/v1/traces?limit=0", bearer()), 400, "invalid_parameter", "limit");
    assertError(get("/api/v1/traces?cursor=zzz", bearer()), 400, "invalid_parameter", "cursor");
    assertError(get("/api/v1/traces?decision=MAYBE", bearer()), 400, "invalid_parameter", "decision");
  }

  @Test
  void metricsAreOpenAndInThePrometheusTextFormat() throws Exception {
    requestMetrics.observe(List.of(trace("default", "bot", "slack", "DENY", Instant.now()),
        trace("default", "bot", "slack", "ALLOW", Instant.now())));

    HttpResponse<String> r = get("/metrics", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body())
        .contains("# TYPE airlock_requests_total counter")
        .contains("# TYPE airlock_policy_decision_seconds histogram")
        .contains("# TYPE airlock_upstream_response_seconds histogram")
        .contains("# TYPE airlock_agent_connections_active gauge")
        .contains("# TYPE airlock_agent_connections_opened_total counter")
        .contains("# TYPE airlock_agent_tls_handshakes_total counter")
        .contains("# TYPE airlock_cert_cache_hits_total counter")
        .contains("# TYPE airlock_cert_cache_misses_total counter")
        .contains("# TYPE airlock_leaf_cache_misses_total counter")
        .contains("# TYPE airlock_trace_spool_bytes gauge")
        .contains("# TYPE airlock_trace_queue_depth gauge")
        .contains("# TYPE airlock_traces_dropped_total counter")
        .contains("# TYPE airlock_traces_written_total counter")
        .contains("airlock_build_info{version=")
        .contains("jvm_memory_used_bytes")
        .contains("process_cpu_seconds_total");
    MetricSamples samples = MetricSamples.parse(r.body());
    assertThat(samples.value("airlock_requests_total", "decision", "DENY", "enforced", "DENY", "env", "default",
        "tool", "slack")).isGreaterThanOrEqualTo(1);
    assertThat(samples.value("airlock_policy_decision_seconds_count")).isGreaterThanOrEqualTo(2);
    assertThat(samples.value("airlock_agent_tls_handshakes_total", "result", "failure")).isZero();
  }

  @Test
  void metricsInOpenMetricsWhenAskedAndInTextWhenProtobufIsAsked() throws Exception {
    HttpResponse<String> open = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/openmetrics-text"));
    assertThat(open.body()).contains("# TYPE airlock_agent_connections_opened counter")
        .contains("airlock_agent_connections_opened_total 0").endsWith("# EOF\n");

    // What Prometheus sends with native histograms on: protobuf first. This build writes text.
    HttpResponse<String> proto = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
            + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(proto.statusCode()).isEqualTo(200);
    assertThat(proto.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(proto.body()).contains("# TYPE airlock_agent_connections_opened_total counter");

    assertThat(call("POST", "/metrics", null, "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void statusSummarizesTheNodeForTokenHolders() throws Exception {
    assertThat(get("/api/v1/status", null).statusCode()).isEqualTo(401);
    requestMetrics.observe(List.of(trace("default", "bot", "github", "DENY", Instant.now())));

    HttpResponse<String> r = get("/api/v1/status", bearer());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode status = json.readTree(r.body()).get("data");
    assertThat(status.get("version").asText()).isNotBlank();
    assertThat(Instant.parse(status.get("started_at").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(status.get("uptime_seconds").asLong()).isNotNegative();
    assertThat(status.get("proxy_listen").asText()).isEqualTo("127.0.0.1:3128");
    assertThat(status.get("admin_listen").asText()).isEqualTo("127.0.0.1:" + server.port());
    assertThat(status.get("database").asText()).isEqualTo("ready");
    assertThat(status.at("/connections/active").asLong()).isZero();
    assertThat(status.at("/requests/by_decision/DENY").asLong()).isPositive();
    assertThat(status.at("/requests/total").asLong())
        .isEqualTo(requestMetrics.byDecision().values().stream().mapToLong(Long::longValue).sum());
    assertThat(status.at("/tls/agent_handshake_failures").asLong()).isZero();
    assertThat(status.at("/cert_cache/hit_ratio").isNull()).isTrue();
    assertThat(status.at("/traces/spool_bytes").asLong()).isZero();
    assertThat(json.readTree(r.body()).at("/meta/request_id").asText()).startsWith("req_");
    assertError(post("/api/v1/status", bearer(), "{}"), 405, "method_not_allowed", null);
  }

  private void assertError(HttpResponse<String> r, int status, String code, String field) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = json.readTree(r.body());
    assertThat(body.at("/error/code").asText()).isEqualTo(code);
    assertThat(body.at("/error/message").asText()).isNotBlank();
    assertThat(body.at("/meta/request_id").asText()).startsWith("req_");
    if (field != null) {
      assertThat(body.at("/error/field").asText()).isEqualTo(field);
    }
  }

  private String bearer() {
    return "Bearer " + token;
  }

  private static HttpResponse<String> get(String path, String auth) throws Exception {
    return call("GET", path, auth, null);
  }

  private static HttpResponse<String> post(String path, String auth, String body) throws Exception {
    return call("POST", path, auth, body, "application/json");
  }

  private static HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
    return call(method, path, auth, body, "application/json");
  }

  private static HttpResponse<String> call(String method, String path, String auth, String body, String type)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (body != null) {
      b.header("Content-Type", type);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
