package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.AlertSink;
import dev.airlock.admin.incidents.IncidentConfig;
import dev.airlock.admin.incidents.Incidents;
import dev.airlock.proxy.risk.TrustBook;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    startNode();
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
    server = serverBuilder(nodeMetrics())
        .agentChanged(id -> directory.refresh(List.of(id)))
        .approvalDecided(decidedApprovals::add)
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
