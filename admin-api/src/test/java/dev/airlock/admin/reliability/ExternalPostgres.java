package dev.airlock.admin.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server of the test's own, separate from any node, on a fixed port and data
 * directory, so the test can stop it and start it again where the node expects it.
 * {@link #close()} stops it and anything left running on its data directory.
 */
final class ExternalPostgres implements AutoCloseable {
  private final Path dataDir;
  private final Path log;
  private final int port;
  private EmbeddedPostgres server;

  private ExternalPostgres(Path dataDir, int port) throws IOException {
    this.dataDir = dataDir.toAbsolutePath();
    this.log = Files.createDirectories(this.dataDir.getParent()).resolve(dataDir.getFileName() + ".log");
    this.port = port;
  }

  /** Starts a new server on a free port with its data in {@code dataDir}. */
  static ExternalPostgres start(Path dataDir) throws IOException {
    ExternalPostgres pg = new ExternalPostgres(dataDir, freePort());
    pg.start();
    return pg;
  }

  /** A JDBC URL for {@code --db}. */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Starts the server (again) on the same data directory and port. */
  void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** A fast shutdown: clients are disconnected, the data stays. */
  void stop() throws IOException {
    EmbeddedPostgres s = server;
    server = null;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } finally {
      for (long pid : PostgresProcesses.postmasters(dataDir)) {
        PostgresProcesses.stop(pid, dataDir);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
