package dev.airlock.admin.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server of a test's own that the test can stop and start again on the same data
 * directory and port: a database outage as clients see it (connections refused, sessions cut).
 * Its URL is known before the first start, so a node can be pointed at a server not yet running.
 */
public final class StoppablePostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres running;

  public StoppablePostgres() {
    try {
      this.dataDir = Files.createTempDirectory("airlock-pg");
      try (ServerSocket s = new ServerSocket(0)) {
        this.port = s.getLocalPort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
  }

  public int port() {
    return port;
  }

  public synchronized StoppablePostgres start() {
    if (running == null) {
      try {
        running = EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  public synchronized void stop() {
    if (running != null) {
      try {
        running.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        running = null;
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
