package dev.airlock.admin.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.e2e.RecordingUpstream;
import dev.airlock.admin.e2e.TestPki;
import dev.airlock.admin.store.Poll;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL leaves its embedded PostgreSQL running (pg_ctl detaches it). The next
 * start on the same data directory must stop it and come up by itself, with the same keys and data.
 */
@Tag("reliability")
class CrashRestartReliabilityTest {
  /** Well below the embedded server's 60 s startup timeout, which a start blocked by the leftover waited out. */
  private static final Duration RESTART_WITHIN = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aKilledNodeRestartsOnTheSameDataDirectoryWithoutManualSteps() throws Exception {
    TestPki pki = new TestPki();
    Path pgDir = dir.resolve("data/pg");
    try (RecordingUpstream api = new RecordingUpstream(pki.serverContext("api.example.com"))) {
      NodeProcess.Builder builder = NodeProcess.builder(dir.resolve("data")).upstreamTrust(pki)
          .connectTo("api.example.com:443:127.0.0.1:" + api.port());
      long leftover;
      long restarted;
      try (NodeProcess first = builder.start()) {
        String key = first.agentKey();
        ProxiedCurl before = ProxiedCurl.get(first, "https://api.example.com/before-crash");
        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        // Traces are written asynchronously; a SIGKILL may lose the last ones, so wait for this one.
        Poll.until(Duration.ofSeconds(30), "the trace to be stored", () -> first.hasTrace(before.traceId()));
        leftover = first.postgresPid().orElseThrow();

        first.sigkill();
        first.waitFor(Duration.ofSeconds(30));
        assertThat(PostgresProcesses.running(leftover)).as("the killed node's PostgreSQL still runs").isTrue();

        try (NodeProcess second = builder.launch()) {
          second.awaitReady(RESTART_WITHIN);
          assertThat(PostgresProcesses.running(leftover)).isFalse();
          assertThat(second.output()).contains("PostgreSQL (PID " + leftover + ") left running on")
              .contains("stopped it");
          restarted = second.postgresPid().orElseThrow();

          ProxiedCurl after = ProxiedCurl.get("http://local-agent:" + key + "@127.0.0.1:" + second.proxyPort(),
              second, "https://api.example.com/after-restart");
          assertThat(after.status()).as(after.toString()).isEqualTo(200);
          assertThat(second.hasTrace(before.traceId())).as("the trace from before the crash").isTrue();

          second.sigterm();
          assertThat(second.waitFor(Duration.ofSeconds(60))).as(second.output()).isZero();
          assertThat(PostgresProcesses.serving(pgDir)).as("a stopped node stops its PostgreSQL").isEmpty();
          assertThat(second.leakReports()).isEmpty();
        }
      }
      assertThat(PostgresProcesses.running(leftover)).isFalse();
      assertThat(PostgresProcesses.running(restarted)).isFalse();
      assertThat(PostgresProcesses.serving(pgDir)).as("postgres processes on " + pgDir).isEmpty();
    }
  }
}
