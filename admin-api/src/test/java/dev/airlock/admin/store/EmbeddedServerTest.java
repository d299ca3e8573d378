package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the embedded server on a data directory that is not as the last clean stop left it. */
class EmbeddedServerTest {
  /** The embedded server's startup timeout is 60 s; a known failure must not wait for it. */
  private static final Duration AT_ONCE = Duration.ofSeconds(30);

  @TempDir
  Path dataDir;

  @Test
  void aServerThatCannotStartIsReportedAtOnceWithPostgresOwnReason() throws Exception {
    Database.embedded(dataDir).close();
    Files.writeString(dataDir.resolve("pg/postgresql.conf"), "no_such_setting = on\n", StandardOpenOption.APPEND);

    long began = System.nanoTime();
    assertThatThrownBy(() -> Database.embedded(dataDir))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot start embedded PostgreSQL in " + dataDir.resolve("pg") + ": FATAL:")
        .hasMessageContaining("contains errors")
        .hasMessageContaining("its log: " + dataDir.resolve("postgres.log"));
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(AT_ONCE);
    assertThat(Files.readString(dataDir.resolve("postgres.log"))).contains("no_such_setting");
  }

  @Test
  void aDataDirectoryInUseIsRefusedAndItsServerKeepsRunning() {
    try (Database running = Database.embedded(dataDir)) {
      assertThatThrownBy(() -> Database.embedded(dataDir))
          .isInstanceOf(StoreException.class)
          .hasMessage(dataDir.resolve("pg") + " is in use by another running Airlock node");
      assertThat(running.isReady()).isTrue();
    }
  }

  @Test
  void aLockFileNamingAnotherProcessIsRemoved() throws Exception {
    Database.embedded(dataDir).close();
    Process unrelated = new ProcessBuilder("sleep", "600").start();
    try {
      // What a killed server leaves behind once its PID has gone to another program.
      Files.writeString(dataDir.resolve("pg/postmaster.pid"),
          unrelated.pid() + "\n" + dataDir.resolve("pg") + "\n1700000000\n5432\n/tmp\nlocalhost\n  1 2\nready\n");
      try (Database db = Database.embedded(dataDir)) {
        assertThat(db.isReady()).isTrue();
      }
      assertThat(unrelated.isAlive()).as("an unrelated process is left alone").isTrue();
    } finally {
      unrelated.destroyForcibly().waitFor();
    }
  }
}
