package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.AlertSettings;
import dev.airlock.admin.alerts.NodeAlerts;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared admin server test set-up, with alert channels served and delivered. */
abstract class AlertServerTestBase extends AdminServerTestBase {
  static NodeAlerts alerts;
  static final String HOOK_SECRET = "hook-signing-secret-0042";

  @BeforeAll
  static void withAlerts() {
    // The shared server serves no alert channels: this class runs its own, with them.
    server.close();
    alerts = NodeAlerts.standard(db.dataSource(), store.audit(), slug -> store.environments().find(slug).isPresent(),
        new AlertSettings(null, 2, 100, List.of())).start(() -> true);
    server = serverBuilder(nodeMetrics().withAlerts(alerts))
        .agentChanged(id -> { })
        .alerts(alerts.api())
        .build()
        .start();
  }

  @AfterAll
  static void stopAlerts() {
    alerts.close();
  }

  static String webhook(String name, String env, String url) {
    return "{\"name\": \"" + name + "\", \"type\": \"webhook\", \"env_names\": [\"" + env + "\"],"
        + " \"events\": [\"DENY\", \"INCIDENT\"], \"min_severity\": \"MEDIUM\", \"tools\": [], \"agents\": [],"
        + " \"config\": {\"url\": \"" + url + "\", \"secret\": \"" + HOOK_SECRET + "\","
        + " \"headers\": {\"Authorization\": \"Splunk 1111-2222-3333-4444\"}}}";
  }

  JsonNode ok(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return json.readTree(r.body());
  }

  String scopedKey(String role, String env) throws Exception {
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
