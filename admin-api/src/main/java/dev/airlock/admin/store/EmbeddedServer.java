package dev.airlock.admin.store;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL on {@code DATA/pg}. First it makes sure no live Airlock node uses
 * the directory and clears what a killed run left behind ({@link LeftoverPostgres}); the server's
 * own output goes to {@code DATA/postgres.log} (the previous run's to {@code postgres.log.1}).
 *
 * <p>A failure is reported in one line with PostgreSQL's own reason from that log. The embedding
 * library would wait its whole startup timeout for a server whose {@code pg_ctl} has already given
 * up; the log is watched during the start so that such a failure is reported at once.
 */
final class EmbeddedServer {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
  /** The file the embedding library keeps locked for as long as its server runs. */
  private static final String LOCK_FILE = "epg-lock";
  /** Long enough for crash recovery after an unclean stop. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final String PG_CTL_GAVE_UP = "pg_ctl: could not start server";
  private static final long WATCH_NANOS = Duration.ofMillis(100).toNanos();

  private EmbeddedServer() {}

  static EmbeddedPostgres start(Path dataDir, int port) {
    Path pgDir = dataDir.resolve("pg");
    Path logFile = dataDir.resolve("postgres.log");
    try {
      Files.createDirectories(pgDir);
      clearLeftovers(pgDir);
      if (Files.exists(logFile)) {
        Files.move(logFile, dataDir.resolve("postgres.log.1"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StoreException("cannot prepare embedded PostgreSQL in " + pgDir, e);
    }
    ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(logFile.toFile());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgDir)
            .setCleanDataDirectory(false)
            .setPGStartupWait(STARTUP_WAIT)
            .setOutputRedirector(toLog)
            .setErrorRedirector(toLog)
            // The embedding library starts PostgreSQL as a throwaway test database: fsync off
            // and every commit asynchronous. Airlock's store holds keys, policies and the audit
            // trail, so it gets a server's durability: writes reach the disk before a commit
            // returns, and a crash of the machine cannot corrupt the data directory. Trace
            // batches alone opt out of waiting for their commit (see TraceRepository).
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on");
    if (port != 0) {
      builder.setPort(port);
    }
    FailureWatch watch = new FailureWatch(logFile, Thread.currentThread());
    EmbeddedPostgres pg;
    try {
      pg = builder.start();
    } catch (IOException | RuntimeException e) {
      watch.stop();
      throw failure(pgDir, logFile, e);
    }
    if (watch.stop()) {
      closeSilently(pg);
      throw failure(pgDir, logFile, null);
    }
    return pg;
  }

  /**
   * Holds the library's lock while looking, so a server found running belongs to no live node. A
   * directory without a cluster yet is left untouched: initdb needs it empty.
   */
  private static void clearLeftovers(Path pgDir) throws IOException {
    if (!Files.exists(pgDir.resolve("postgresql.conf"))) {
      return;
    }
    try (FileChannel ch = FileChannel.open(pgDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new StoreException(StoreException.Kind.CONFLICT, "data_dir_in_use",
            pgDir + " is in use by another running Airlock node", null);
      }
      new LeftoverPostgres(pgDir).clear().ifPresent(log::warn);
    } // closing the channel releases the lock for the library to take
  }

  private static StoreException failure(Path pgDir, Path logFile, Throwable cause) {
    String reason = reason(logFile);
    String message = "cannot start embedded PostgreSQL in " + pgDir + (reason == null ? "" : ": " + reason)
        + " (its log: " + logFile + ")";
    return new StoreException(message, reason == null ? cause : null);
  }

  /** PostgreSQL's last FATAL, PANIC or initdb error with its hint, else pg_ctl's complaint; null if none. */
  static String reason(Path logFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i);
      int at = Math.max(Math.max(line.indexOf("FATAL:"), line.indexOf("PANIC:")), line.indexOf("initdb: error:"));
      if (at >= 0) {
        String reason = line.substring(at).replaceAll("\\s+", " ").strip();
        if (i + 1 < lines.size() && lines.get(i + 1).contains("HINT:")) {
          String hint = lines.get(i + 1);
          reason += "; " + hint.substring(hint.indexOf("HINT:")).replaceAll("\\s+", " ").strip();
        }
        return reason;
      }
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("pg_ctl:") && !lines.get(i).startsWith(PG_CTL_GAVE_UP)) {
        return lines.get(i).strip();
      }
    }
    return null;
  }

  /**
   * Releases what the library holds for a server that never started. Its stop command then fails,
   * which it logs as an error with a stack trace; the failure is reported once, by the caller.
   */
  private static void closeSilently(EmbeddedPostgres pg) {
    Logger library = LoggerFactory.getLogger(EmbeddedPostgres.class);
    ch.qos.logback.classic.Logger quiet = library instanceof ch.qos.logback.classic.Logger l ? l : null;
    Level before = quiet == null ? null : quiet.getLevel();
    if (quiet != null) {
      quiet.setLevel(Level.OFF);
    }
    try {
      pg.close();
    } catch (IOException e) {
      // nothing was running
    } finally {
      if (quiet != null) {
        quiet.setLevel(before);
      }
    }
  }

  /** Interrupts the starting thread once pg_ctl has logged that it gave up. */
  private static final class FailureWatch {
    private final Thread starter;
    private boolean done;
    private boolean fired;

    FailureWatch(Path logFile, Thread starter) {
      this.starter = starter;
      Thread t = new Thread(() -> watch(logFile), "postgres-start-watch");
      t.setDaemon(true);
      t.start();
    }

    private void watch(Path logFile) {
      while (!isDone()) {
        if (gaveUp(logFile)) {
          fire();
          return;
        }
        LockSupport.parkNanos(WATCH_NANOS);
      }
    }

    private static boolean gaveUp(Path logFile) {
      try {
        return Files.readString(logFile, StandardCharsets.ISO_8859_1).contains(PG_CTL_GAVE_UP);
      } catch (IOException e) {
        return false;
      }
    }

    private synchronized boolean isDone() {
      return done;
    }

    private synchronized void fire() {
      if (!done) {
        fired = true;
        // The library's startup wait returns when interrupted; its caller then sees this watch fired.
        starter.interrupt();
      }
    }

    /** Stops watching; true when the start failed early (the starter's interrupt is then cleared). */
    boolean stop() {
      boolean failed;
      synchronized (this) {
        done = true;
        failed = fired;
      }
      if (failed) {
        Thread.interrupted();
      }
      return failed;
    }
  }
}
