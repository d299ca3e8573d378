package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.intel.StoredFeedsReload;
import dev.airlock.admin.metrics.MetricSamples;
import dev.airlock.admin.metrics.NodeMetrics;
import dev.airlock.admin.metrics.NodeStatus;
import dev.airlock.admin.metrics.RequestMetrics;
import dev.airlock.admin.store.BoundedExecutor;
import dev.airlock.admin.store.ParserPolicyValidator;
import dev.airlock.admin.store.StoreAgentDirectory;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.admin.store.TraceWriter;
import dev.airlock.certs.LeafCache;
import dev.airlock.proxy.intel.ThreatIntel;
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

/**
 * A real admin server on a real PostgreSQL, shared by the admin API test classes: each class starts
 * its own (JUnit runs a superclass's {@code @BeforeAll} for every subclass), one test at a time.
 */
abstract class AdminServerTestBase extends StoreTestBase {
  static ExecutorService executor;
  static AdminServer server;
  static RequestMetrics requestMetrics;
  static TraceWriter traceWriter;
  static StoreAgentDirectory directory;
  static final AtomicBoolean storeOpen = new AtomicBoolean(true);
  static final AtomicInteger changes = new AtomicInteger();
  /** What the API handed to the node as decided, in order. */
  static final List<dev.airlock.admin.store.Approval> decidedApprovals =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  static final HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
  static final ObjectMapper json = new ObjectMapper();
  /** This server's threat-intel feeds, reloaded by the API after each change. */
  static final ThreatIntel intel = new ThreatIntel();
  String token;

  @BeforeAll
  static void start() throws IOException {
    startWith(dev.airlock.admin.integrations.ChatIntegrations.NONE);
  }

  /** Starts the server with these chat integrations (a subclass's own {@code start} hides the one above). */
  static void startWith(dev.airlock.admin.integrations.ChatIntegrations chat) throws IOException {
    startNode();
    server = serverBuilder(nodeMetrics())
        .agentChanged(id -> directory.refresh(List.of(id)))
        .approvalDecided(decidedApprovals::add)
        .chat(chat)
        .build()
        .start();
  }

  /** The store executor, trace writer and agent directory of the node, over the started store. */
  static void startNode() throws IOException {
    executor = BoundedExecutor.create("store", 4, 1000);
    requestMetrics = new RequestMetrics();
    traceWriter = new TraceWriter(store.traces(), Files.createTempDirectory("admin-spool"),
        TraceWriter.Settings.defaults(), json);
    // Loaded once and never listening: only the API's own refresh can make a change visible to it.
    directory = new StoreAgentDirectory(db.dataSource(), db.database()::openDedicated, executor,
        StoreAgentDirectory.Settings.defaults());
    directory.load();
  }

  /** The node's metrics over its request metrics and trace writer; it intercepts nothing. */
  static NodeMetrics nodeMetrics() {
    return new NodeMetrics(requestMetrics, new ProxyStats(),
        new MitmContexts(host -> CompletableFuture.failedFuture(new IllegalStateException("no leaves")), Runnable::run),
        new LeafCache(host -> {
          throw new IllegalStateException("no minting");
        }, Runnable::run, 10, Clock.systemUTC()),
        traceWriter);
  }

  /**
   * A server over the store with the node's parts, reporting {@code metrics}; the caller adds how
   * it hears of agent changes and approval decisions, and what else it serves.
   */
  static AdminServer.Builder serverBuilder(NodeMetrics metrics) {
    return AdminServer.builder()
        .store(store)
        .validator(new ParserPolicyValidator(json))
        .databaseReady(() -> storeOpen.get() && db.database().isReady())
        .storeExecutor(executor)
        .listen("127.0.0.1", 0)
        .policiesChanged(changes::incrementAndGet)
        .status(new NodeStatus(metrics, "127.0.0.1", 3128, Clock.systemUTC()))
        .storeOpen(storeOpen::get)
        .threatIntel(intel, new StoredFeedsReload(store.threatFeeds(), intel));
  }

  @AfterAll
  static void stop() {
    directory.close();
    server.close();
    server.close();
    traceWriter.close();
    executor.shutdownNow();
  }

  @BeforeEach
  void setUp() {
    token = store.adminTokens().create("owner", "test").secret();
  }

  void assertError(HttpResponse<String> r, int status, String code, String field) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = json.readTree(r.body());
    assertThat(body.at("/error/code").asText()).isEqualTo(code);
    assertThat(body.at("/error/message").asText()).isNotBlank();
    assertThat(body.at("/meta/request_id").asText()).startsWith("req_");
    if (field != null) {
      assertThat(body.at("/error/field").asText()).isEqualTo(field);
    }
  }

  String bearer() {
    return "Bearer " + token;
  }

  static HttpResponse<String> get(String path, String auth) throws Exception {
    return call("GET", path, auth, null);
  }

  static HttpResponse<String> post(String path, String auth, String body) throws Exception {
    return call("POST", path, auth, body, "application/json");
  }

  static HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
    return call(method, path, auth, body, "application/json");
  }

  static HttpResponse<String> call(String method, String path, String auth, String body, String type)
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
