package dev.airlock.admin.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.e2e.RecordingUpstream;
import dev.airlock.admin.e2e.TestPki;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoppablePostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on an external PostgreSQL that the test stops for ten seconds and starts again on the
 * same data directory and port, while an agent sends a steady stream of requests, each on a new
 * connection: every request is answered by the upstream, and every one is traced once the
 * database is back.
 */
@Tag("reliability")
class DatabaseOutageReliabilityTest {
  private static final Duration OUTAGE = Duration.ofSeconds(10);
  private static final long INTERVAL_NANOS = Duration.ofMillis(100).toNanos();
  private static final int MIN_DURING_OUTAGE = 30;

  @TempDir
  Path dir;

  /** One curl invocation of the stream. */
  private record Sent(String path, ProxiedCurl answer) {}

  @Test
  void aKnownAgentIsAnsweredThroughADatabaseOutageAndItsRequestsAreTracedAfterwards() throws Exception {
    TestPki pki = new TestPki();
    List<Sent> sent = new CopyOnWriteArrayList<>();
    AtomicBoolean streaming = new AtomicBoolean(true);
    ExecutorService streamThread = Executors.newSingleThreadExecutor();
    try (StoppablePostgres pg = new StoppablePostgres().start();
        RecordingUpstream api = new RecordingUpstream(pki.serverContext("api.example.com"));
        NodeProcess node = NodeProcess.builder(dir.resolve("data")).db(pg.jdbcUrl())
            .upstreamTrust(pki)
            .connectTo("api.example.com:443:127.0.0.1:" + api.port()).start()) {
      String proxyUrl = node.proxyUrl();
      Future<?> stream = streamThread.submit(() -> {
        long next = System.nanoTime();
        for (int n = 0; streaming.get(); n++) {
          LockSupport.parkNanos(next - System.nanoTime()); // a steady pace, not a wait for a condition
          next += INTERVAL_NANOS;
          String path = "/outage/" + n;
          sent.add(new Sent(path, ProxiedCurl.get(proxyUrl, node, "https://api.example.com" + path)));
        }
      });
      Poll.until(Duration.ofSeconds(30), "requests before the outage", () -> sent.size() >= 10);

      pg.stop();
      long stoppedAt = System.nanoTime();
      Poll.until(Duration.ofSeconds(10), "the node to see its database gone", () -> node.adminStatus("/readyz") == 503);
      int before = sent.size();
      // The outage lasts at least OUTAGE, and long enough for a good number of requests whatever
      // the machine's pace (or until one fails: then there is nothing more to learn).
      Poll.until(OUTAGE.multipliedBy(4), MIN_DURING_OUTAGE + " requests during the outage",
          () -> System.nanoTime() - stoppedAt >= OUTAGE.toNanos()
              && (sent.size() - before >= MIN_DURING_OUTAGE || sent.stream().anyMatch(s -> !answered(s))));
      int duringOutage = sent.size() - before;
      pg.start();
      Poll.until(Duration.ofSeconds(30), "the node to see its database back", () -> node.adminStatus("/readyz") == 200);
      int after = sent.size();
      Poll.until(Duration.ofSeconds(30), "requests after the outage", () -> sent.size() - after >= 10);
      streaming.set(false);
      stream.get(60, TimeUnit.SECONDS);

      List<String> failed = sent.stream().filter(s -> !answered(s)).map(s -> s.path() + ": " + s.answer()).toList();
      assertThat(failed).as("of %d requests, %d during the outage", sent.size(), duringOutage).isEmpty();
      assertThat(duringOutage).isGreaterThanOrEqualTo(MIN_DURING_OUTAGE);
      Set<String> paths = sent.stream().map(Sent::path).collect(Collectors.toSet());
      assertThat(api.received().stream().map(RecordingUpstream.Received::uri).toList())
          .as("each request reached the upstream once").hasSameSizeAs(paths).containsExactlyInAnyOrderElementsOf(paths);

      Set<String> traced = new HashSet<>();
      Poll.until(Duration.ofSeconds(60), "every request traced", () -> {
        traced.clear();
        traced.addAll(tracedPaths(node));
        return traced.containsAll(paths);
      });
      assertThat(node.leakReports()).isEmpty();
    } finally {
      streaming.set(false);
      streamThread.shutdownNow();
      streamThread.awaitTermination(60, TimeUnit.SECONDS);
    }
  }

  /** Answered 200 by the upstream. */
  private static boolean answered(Sent s) {
    return s.answer().status() == 200 && s.answer().body().equals("{\"ok\":true}");
  }

  /** The paths of the stored traces, as the admin API lists them; none while it cannot answer. */
  private static Set<String> tracedPaths(NodeProcess node) {
    try {
      Set<String> out = new HashSet<>();
      for (JsonNode t : node.admin("GET", "/api/v1/traces?limit=1000&since=1h").get("data")) {
        out.add(t.get("path").asText());
      }
      return out;
    } catch (IOException | AssertionError e) {
      return Set.of(); // the database is not back yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    }
  }
}
