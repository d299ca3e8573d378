package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Environment;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the agents API tests share: a second environment, a directory reloaded for each test
 * (never listening: only the API's own refresh updates it), and helpers to create, list and check.
 */
abstract class AgentsApiTestBase extends AdminServerTestBase {
  @BeforeEach
  void staging() {
    store.environments().create(Environment.of("staging", "Staging"));
    directory.load(); // forget the agents of earlier tests, truncated without notice
  }

  JsonNode createAgent(String name, String env) throws Exception {
    HttpResponse<String> r = post("/api/v1/agents", bearer(), "{\"name\":\"" + name + "\",\"env\":\"" + env + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json.readTree(r.body()).get("data");
  }

  JsonNode list(String query) throws Exception {
    HttpResponse<String> r = get("/api/v1/agents" + query, bearer());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.get("data").forEach(a -> names.add(a.get("name").asText()));
    return names;
  }

  static String requestId(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return r.headers().firstValue("X-Request-Id").orElseThrow();
  }

  /** An admin token limited to one environment. */
  static String scopedToken(String role, String env) {
    var issued = store.adminTokens().create(role, "scoped");
    sql("UPDATE admin_tokens SET env = '" + env + "' WHERE id = '" + issued.id() + "'");
    return issued.secret();
  }

  static boolean authenticates(String agent, String key) throws Exception {
    return directory.authenticate(agent, key).get(5, TimeUnit.SECONDS).isPresent();
  }

  static boolean authenticatesQuietly(String agent, String key) {
    try {
      return authenticates(agent, key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void sql(String statement) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(String query) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
