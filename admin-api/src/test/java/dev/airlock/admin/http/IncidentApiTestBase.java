package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.AlertSink;
import dev.airlock.admin.incidents.IncidentConfig;
import dev.airlock.admin.incidents.Incidents;
import dev.airlock.admin.intel.StoredFeedsReload;
import dev.airlock.admin.metrics.NodeMetrics;
import dev.airlock.admin.metrics.NodeStatus;
import dev.airlock.admin.metrics.RequestMetrics;
import dev.airlock.admin.store.BoundedExecutor;
import dev.airlock.admin.store.ParserPolicyValidator;
import dev.airlock.admin.store.StoreAgentDirectory;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.admin.store.TestDatabase;
import dev.airlock.admin.store.TraceWriter;
import dev.airlock.certs.LeafCache;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.server.MitmContexts;
import dev.airlock.proxy.server.ProxyStats;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The admin server of {@link AdminServerTestBase} with incidents served: a recording alert sink
 * (channel {@code chn_known} exists), and Jira and Linear configured against local receivers.
 */
abstract class IncidentApiTestBase extends AdminServerTestBase {
  static final String KNOWN_CHANNEL = "chn_known";
  static final List<AlertEvent> published = new CopyOnWriteArrayList<>();
  static final List<String> notifiedChannels = new CopyOnWriteArrayList<>();
  static RecordingReceiver jira;
  static RecordingReceiver linear;
  static TrustBook trust;
  static Incidents incidents;

  /** Hides the base's start: the same server, built with incidents. */
  @BeforeAll
  static void start() throws IOException {
    jira = new RecordingReceiver(201, "{\"id\": \"10001\", \"key\": \"SEC-42\", \"self\": \"x\"}");
    linear = new RecordingReceiver(200, "{\"data\": {\"issueCreate\": {\"success\": true, \"issue\": {\"id\": \"u1\","
        + " \"identifier\": \"ENG-7\", \"url\": \"https://linear.app/acme/issue/ENG-7\"}}}}");
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
    directory = new StoreAgentDirectory(db.dataSource(), db.database()::openDedicated, executor,
        StoreAgentDirectory.Settings.defaults());
    directory.load();
    trust = new TrustBook(Duration.ofDays(1), Clock.systemUTC());
    JsonNode tickets = json.readTree("{\"tickets\": {"
        + "\"jira\": {\"base_url\": \"" + jira.url() + "/jira\", \"project_key\": \"SEC\", \"email\": \"bot@example.com\","
        + " \"api_token\": \"jira-token-1\"},"
        + "\"linear\": {\"api_url\": \"" + linear.url() + "/graphql\", \"api_key\": \"lin_api_secret\","
        + " \"team_id\": \"team-1\"}}}");
    AlertSink sink = new AlertSink() {
      @Override
      public void publish(AlertEvent event) {
        published.add(event);
      }

      @Override
      public boolean publishTo(String channelId, AlertEvent event) {
        if (!KNOWN_CHANNEL.equals(channelId)) {
          return false;
        }
        notifiedChannels.add(channelId);
        published.add(event);
        return true;
      }
    };
    incidents = Incidents.create(db.dataSource(), store.audit(), IncidentConfig.parse(tickets), trust, sink,
        store.agents(), id -> directory.refresh(List.of(id)), Runnable::run, Clock.systemUTC());
    server = AdminServer.builder()
        .store(store)
        .validator(new ParserPolicyValidator(json))
        .databaseReady(() -> storeOpen.get() && db.database().isReady())
        .storeExecutor(executor)
        .listen("127.0.0.1", 0)
        .policiesChanged(changes::incrementAndGet)
        .status(status)
        .storeOpen(storeOpen::get)
        .agentChanged(id -> directory.refresh(List.of(id)))
        .approvalDecided(decidedApprovals::add)
        .threatIntel(intel, new StoredFeedsReload(store.threatFeeds(), intel))
        .incidents(incidents)
        .build()
        .start();
  }

  @AfterAll
  static void stopReceivers() {
    jira.close();
    linear.close();
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
