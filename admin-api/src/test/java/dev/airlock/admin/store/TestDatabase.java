package dev.airlock.admin.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * A real, migrated PostgreSQL database for one test class: a fresh database on the server named by
 * {@code AIRLOCK_TEST_DB_URL} when set (dropped on close), otherwise an embedded server (stopped on
 * close, which tests must do in {@code @AfterAll}: its pg_ctl detaches the server from the JVM).
 */
public final class TestDatabase implements AutoCloseable {
  public static final String ENV = "AIRLOCK_TEST_DB_URL";

  private final EmbeddedPostgres embedded;
  private final String adminUrl;
  private final String dbName;
  private final String jdbcUrl;
  private final Database database;

  private TestDatabase(EmbeddedPostgres embedded, String adminUrl, String dbName, String jdbcUrl) {
    this.embedded = embedded;
    this.adminUrl = adminUrl;
    this.dbName = dbName;
    this.jdbcUrl = jdbcUrl;
    this.database =
        Database.external(jdbcUrl, new Database.PoolSettings(8, Duration.ofSeconds(5)));
  }

  public static TestDatabase start() {
    String external = System.getenv(ENV);
    if (external != null && !external.isBlank()) {
      String name = "airlock_t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
      execute(external, "CREATE DATABASE " + name);
      return new TestDatabase(null, external, name, withDatabase(external, name));
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new TestDatabase(pg, null, null, pg.getJdbcUrl("postgres", "postgres"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Database database() {
    return database;
  }

  public DataSource dataSource() {
    return database.dataSource();
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Empties every table, for tests sharing one database. */
  public void truncateAll() {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "TRUNCATE traces, approvals, policies, tools, agent_destinations, trust_events, agent_keys, agents,"
              + " admin_tokens, settings, audit_events, environments, deployment_ca, threat_intel_feeds,"
              + " incidents, incident_traces, incident_notes, incident_actions, incident_signals, incident_settings,"
              + " scrutiny_pins, alert_outbox, alert_channels CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    database.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      execute(adminUrl, "DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
    }
  }

  /** The same URL naming another database: {@code jdbc:postgresql://h:p/DB?params}. */
  static String withDatabase(String url, String db) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    int slash = base.indexOf('/', "jdbc:postgresql://".length());
    String server = slash < 0 ? base : base.substring(0, slash);
    return server + "/" + db + params;
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
