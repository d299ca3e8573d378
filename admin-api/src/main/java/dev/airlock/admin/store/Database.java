package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database: either an embedded server whose data lives under {@code DATA/pg}, or an
 * external one given by JDBC URL. Opening migrates the schema with Flyway.
 *
 * <p>The embedded server is a separate postgres process that its {@code pg_ctl} detaches from the
 * JVM, so it outlives a JVM that exits without {@link #close()}. The caller must therefore close
 * this when stopping, and in a JVM shutdown hook (serve does both). {@code close()} is idempotent.
 * A JVM killed outright leaves the server running; the next start on the same data directory
 * stops it first.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /**
   * Pool settings.
   *
   * @param maxPoolSize connections at most; JDBC work runs on bounded executors of about this size
   * @param connectionTimeout how long a caller waits for a connection before failing; short, so
   *     that a down database is noticed (trace spooling, readiness) instead of stalling callers
   */
  public record PoolSettings(int maxPoolSize, Duration connectionTimeout) {
    public PoolSettings {
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("maxPoolSize: " + maxPoolSize + " (expected: >= 1)");
      }
      requireNonNull(connectionTimeout, "connectionTimeout");
      if (connectionTimeout.toMillis() < 250) {
        throw new IllegalArgumentException(
            "connectionTimeout: " + connectionTimeout + " (expected: >= 250ms)");
      }
    }

    public static PoolSettings defaults() {
      return new PoolSettings(8, Duration.ofSeconds(5));
    }
  }

  private final HikariDataSource pool;
  private final EmbeddedPostgres embedded;
  private final String jdbcUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Database(HikariDataSource pool, EmbeddedPostgres embedded, String jdbcUrl) {
    this.pool = pool;
    this.embedded = embedded;
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Starts (or restarts on existing data) an embedded PostgreSQL under {@code dataDir/pg}, first
   * stopping one that a killed earlier run left running there (see {@link EmbeddedServer}).
   */
  public static Database embedded(Path dataDir, int port, PoolSettings settings) {
    requireNonNull(dataDir, "dataDir");
    EmbeddedPostgres pg = EmbeddedServer.start(dataDir, port);
    try {
      return open(pg.getJdbcUrl("postgres", "postgres"), settings, pg);
    } catch (RuntimeException e) {
      closeQuietly(pg);
      throw e;
    }
  }

  public static Database embedded(Path dataDir) {
    return embedded(dataDir, 0, PoolSettings.defaults());
  }

  /**
   * Connects to an external PostgreSQL, e.g. {@code jdbc:postgresql://db:5432/airlock?user=u}, and
   * migrates its schema.
   *
   * @throws StoreException UNAVAILABLE when the database cannot be reached or refuses us
   */
  public static Database external(String jdbcUrl, PoolSettings settings) {
    Database db = connect(jdbcUrl, settings);
    try {
      db.migrate();
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public static Database external(String jdbcUrl) {
    return external(jdbcUrl, PoolSettings.defaults());
  }

  /**
   * A pool for an external PostgreSQL without touching it yet: the database may be down. Callers
   * see {@link StoreException}s until it answers; {@link #migrate()} before using the schema.
   */
  public static Database connect(String jdbcUrl, PoolSettings settings) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw StoreException.invalid(
          "invalid_db_url", "db", "database URL must start with jdbc:postgresql:");
    }
    return new Database(pool(jdbcUrl, settings), null, jdbcUrl);
  }

  private static Database open(String jdbcUrl, PoolSettings settings, EmbeddedPostgres pg) {
    Database db = new Database(pool(jdbcUrl, settings), pg, jdbcUrl);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      db.pool.close();
      throw e;
    }
    return db;
  }

  private static HikariDataSource pool(String jdbcUrl, PoolSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("airlock-store");
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 2_000));
    // Lets the driver turn trace batches into multi-row INSERTs.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    // Start even when an external database is down; callers see errors until it answers.
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /**
   * Checks that the database answers and accepts us, then brings its schema up to date. Safe to
   * call again (Flyway skips applied migrations and serializes concurrent nodes with a lock).
   *
   * @throws StoreException UNAVAILABLE, with a one-line reason, when the database cannot be reached
   *     or refuses the connection (bad password, missing database); another kind when a migration fails
   */
  public void migrate() {
    try (Connection probe = openDedicated()) {
      // Connected: the server is there and accepts our credentials.
    } catch (SQLException e) {
      throw unreachable(e);
    }
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      throw new StoreException("database migration failed at " + displayUrl() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A connection outside the pool, for sessions that stay open as long as the node runs (LISTEN).
   * Connect and read timeouts keep a dead network from blocking its thread for good; parameters
   * in the URL take precedence.
   */
  public Connection openDedicated() throws SQLException {
    Properties props = new Properties();
    props.setProperty("connectTimeout", "5");
    props.setProperty("loginTimeout", "10");
    props.setProperty("socketTimeout", "30");
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "airlock-dedicated");
    Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
    if (c == null) {
      throw new SQLException("not a PostgreSQL URL: " + displayUrl());
    }
    return c;
  }

  /** The JDBC URL with any password masked, fit for logs and messages. */
  public String displayUrl() {
    return withoutPassword(jdbcUrl);
  }

  static String withoutPassword(String url) {
    return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***").replaceAll("//([^/@:?]+):[^/@?]*@", "//$1:***@");
  }

  private StoreException unreachable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String what = state.startsWith("28") || state.equals("3D000")
        ? " refuses the connection: " : " is not reachable: ";
    StoreException failure = new StoreException(
        StoreException.Kind.UNAVAILABLE, "unavailable", "the database at " + displayUrl() + what + e.getMessage(), null);
    failure.initCause(e);
    return failure;
  }

  public DataSource dataSource() {
    return pool;
  }

  /** True when a connection can be taken and answers a trivial query. Blocks: not for event loops. */
  public boolean isReady() {
    if (closed.get()) {
      return false;
    }
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(2);
      s.execute("SELECT 1");
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** Closes the pool, then stops the embedded server if there is one. Safe to call repeatedly. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pool.close();
    if (embedded != null) {
      closeQuietly(embedded);
    }
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
