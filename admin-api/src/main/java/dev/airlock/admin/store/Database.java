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
  private final AtomicBoolean closed = new AtomicBoolean();

  private Database(HikariDataSource pool, EmbeddedPostgres embedded) {
    this.pool = pool;
    this.embedded = embedded;
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

  /** Connects to an external PostgreSQL, e.g. {@code jdbc:postgresql://db:5432/airlock?user=u}. */
  public static Database external(String jdbcUrl, PoolSettings settings) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw StoreException.invalid(
          "invalid_db_url", "db", "database URL must start with jdbc:postgresql:");
    }
    return open(jdbcUrl, settings, null);
  }

  public static Database external(String jdbcUrl) {
    return external(jdbcUrl, PoolSettings.defaults());
  }

  private static Database open(String jdbcUrl, PoolSettings settings, EmbeddedPostgres pg) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("airlock-store");
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 2_000));
    // Lets the driver turn trace batches into multi-row INSERTs.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    // Start even when an external database is briefly down; callers see errors until it answers.
    config.setInitializationFailTimeout(-1);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreException("database migration failed: " + e.getMessage(), e);
    }
    return new Database(pool, pg);
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
