package dev.airlock.admin.store;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.trace.Trace;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceWriterTest extends StoreTestBase {
  private static TraceRepository traces;
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path dir;

  TraceWriterTest() {
    super(Seed.EMPTY);
  }

  @BeforeAll
  static void start() {
    traces = new TraceRepository(db.dataSource());
  }

  @Test
  void writesInBatchesAsynchronously() {
    TraceWriter writer = new TraceWriter(traces, dir.resolve("spool"), TraceWriter.Settings.defaults(), json).start();
    try {
      for (int i = 0; i < 1_200; i++) {
        writer.accept(trace("default", "bot", "slack", "ALLOW", Instant.now()));
      }
      Poll.until(Duration.ofSeconds(20), "1200 rows", () -> traces.count() == 1_200);
    } finally {
      writer.close();
    }
    assertThat(writer.droppedCount()).isZero();
  }

  @Test
  void heldTracesAreSpooledWithoutTryingTheDatabaseAndWrittenOnceReleased() {
    java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
    TraceWriter writer = new TraceWriter(traces, dir.resolve("spool"), TraceWriter.Settings.defaults(), json)
        .holdUntil(ready::get).start();
    try {
      for (int i = 0; i < 30; i++) {
        writer.accept(trace("default", "bot", "slack", "ALLOW", Instant.now()));
      }
      Poll.until(Duration.ofSeconds(10), "the spool", () -> writer.spooledBytes() > 0 && writer.queued() == 0);
      assertThat(traces.count()).isZero();
      ready.set(true);
      Poll.until(Duration.ofSeconds(20), "the replay", () -> traces.count() == 30);
    } finally {
      writer.close();
    }
    assertThat(writer.droppedCount()).isZero();
  }

  @Test
  void lingeringWriterStillWritesEveryTraceAndCloseDoesNotWaitForMore() {
    TraceWriter.Settings lingering = new TraceWriter.Settings(
        10_000, 500, Duration.ofMillis(200), Duration.ofSeconds(1), 1 << 20, Duration.ofMillis(300));
    TraceWriter writer = new TraceWriter(traces, dir.resolve("spool"), lingering, json).start();
    writer.accept(trace("default", "bot", "slack", "ALLOW", Instant.now()));
    Poll.until(Duration.ofSeconds(10), "a lone trace after the linger", () -> traces.count() == 1);
    for (int i = 0; i < 250; i++) {
      writer.accept(trace("default", "bot", "slack", "ALLOW", Instant.now()));
    }
    writer.close();
    assertThat(traces.count()).isEqualTo(251);
    assertThat(writer.droppedCount()).isZero();
  }

  @Test
  void closeFlushesEverythingQueued() {
    TraceWriter.Settings slow =
        new TraceWriter.Settings(10_000, 500, Duration.ofSeconds(30), Duration.ofSeconds(1), 1 << 20);
    TraceWriter writer = new TraceWriter(traces, dir.resolve("spool"), slow, json).start();
    for (int i = 0; i < 700; i++) {
      writer.accept(trace("default", "bot", "slack", "ALLOW", Instant.now()));
    }
    writer.close();
    assertThat(traces.count()).isEqualTo(700);
  }

  @Test
  void aSpoolFileWrittenInPartBeforeIsReplayedWithoutLossOrDuplicates() throws Exception {
    // A node replayed the first 150 traces of a spool file (a batch and a half) and stopped before
    // it could delete the file; the next start replays the whole file again.
    List<Trace> all = new java.util.ArrayList<>();
    Instant start = Instant.now().minusSeconds(60);
    for (int i = 0; i < 300; i++) {
      all.add(trace("default", "bot", "slack", i % 7 == 0 ? "DENY" : "ALLOW", start.plusMillis(i * 3L)));
    }
    Path spoolDir = dir.resolve("spool");
    try (TraceSpool left = new TraceSpool(spoolDir, 1 << 24, json)) {
      assertThat(left.append(all)).isTrue();
    }
    traces.insert(all.subList(0, 150));

    TraceWriter.Settings batchesOf100 =
        new TraceWriter.Settings(1_000, 100, Duration.ofMillis(50), Duration.ofMillis(100), 1 << 24);
    TraceWriter writer = new TraceWriter(traces, spoolDir, batchesOf100, json).start();
    Poll.until(Duration.ofSeconds(20), "spool replayed", () -> writer.spooledBytes() == 0);
    writer.close();

    assertThat(traces.query(TraceQuery.newest(1_000)).items()).extracting(Trace::id)
        .containsExactlyInAnyOrderElementsOf(all.stream().map(Trace::id).toList());
    assertThat(traces.count()).isEqualTo(300);
    assertThat(writer.writtenCount()).as("only the traces not stored before").isEqualTo(150);
    assertThat(writer.droppedCount()).isZero();
  }

  @Test
  void queueOverflowSpillsToDiskInsteadOfBlocking() {
    TraceWriter.Settings tiny =
        new TraceWriter.Settings(10, 500, Duration.ofMillis(50), Duration.ofMillis(100), 1 << 20);
    // Not started: nothing drains the queue, so traces beyond 10 must go to the spool.
    TraceWriter writer = new TraceWriter(traces, dir.resolve("spool"), tiny, json);
    for (int i = 0; i < 30; i++) {
      writer.accept(trace("default", "bot", "slack", "ALLOW", Instant.now()));
    }
    assertThat(writer.queued()).isEqualTo(10);
    assertThat(writer.spooledBytes()).isPositive();
    writer.start();
    Poll.until(Duration.ofSeconds(10), "spool replay", () -> traces.count() == 30 && writer.spooledBytes() == 0);
    writer.close();
  }

  @Test
  void observerSeesEveryTraceOnceWhetherQueuedOrSpilledAndCountersAddUp() {
    TraceWriter.Settings tiny =
        new TraceWriter.Settings(10, 500, Duration.ofMillis(50), Duration.ofMillis(100), 1 << 20);
    List<String> observed = new CopyOnWriteArrayList<>();
    TraceObserver observer = batch -> batch.forEach(t -> observed.add(t.id()));
    // Not started: traces beyond the queue's 10 spill to the spool on the caller's thread.
    TraceWriter writer = new TraceWriter(traces, dir.resolve("spool"), tiny, json, observer);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      Trace t = trace("default", "bot", "slack", "ALLOW", Instant.now());
      ids.add(t.id());
      writer.accept(t);
    }
    assertThat(writer.spooledCount()).isEqualTo(20);
    writer.start();
    Poll.until(Duration.ofSeconds(10), "spool replay", () -> traces.count() == 30 && writer.spooledBytes() == 0);
    writer.close();

    assertThat(observed).hasSize(30).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(writer.writtenCount()).isEqualTo(30);
    assertThat(writer.spooledCount()).isEqualTo(20);
    assertThat(writer.droppedCount()).isZero();
  }

  @Test
  void aFailingObserverCostsNoTrace() {
    TraceObserver broken = batch -> {
      throw new IllegalStateException("observer bug");
    };
    TraceWriter writer =
        new TraceWriter(traces, dir.resolve("spool"), TraceWriter.Settings.defaults(), json, broken).start();
    for (int i = 0; i < 50; i++) {
      writer.accept(trace("default", "bot", "slack", "ALLOW", Instant.now()));
    }
    writer.close();
    assertThat(traces.count()).isEqualTo(50);
    assertThat(writer.writtenCount()).isEqualTo(50);
  }

  @Test
  void spoolCapDropsAndCounts() {
    TraceWriter.Settings capped =
        new TraceWriter.Settings(1, 500, Duration.ofMillis(50), Duration.ofMillis(100), 2_000);
    TraceWriter writer = new TraceWriter(traces, dir.resolve("spool"), capped, json);
    for (int i = 0; i < 20; i++) {
      writer.accept(trace("default", "bot", "slack", "ALLOW", Instant.now()));
    }
    assertThat(writer.droppedCount()).isPositive();
    assertThat(writer.spooledBytes()).isLessThanOrEqualTo(2_000);
    writer.close();
  }

  @Test
  void tracesWrittenWhileDatabaseIsDownArriveWhenItIsBack() throws Exception {
    Path pgDir = dir.resolve("pg");
    int port = freePort();
    EmbeddedPostgres pg = startPg(pgDir, port);
    Database own =
        Database.external(pg.getJdbcUrl("postgres", "postgres"), new Database.PoolSettings(2, Duration.ofMillis(500)));
    TraceRepository ownTraces = new TraceRepository(own.dataSource());
    TraceWriter.Settings fast =
        new TraceWriter.Settings(1_000, 100, Duration.ofMillis(50), Duration.ofMillis(200), 1 << 24);
    TraceWriter writer = new TraceWriter(ownTraces, dir.resolve("spool"), fast, json).start();
    Set<String> ids = new HashSet<>();
    try {
      Trace before = trace("default", "bot", "slack", "ALLOW", Instant.now());
      ids.add(before.id());
      writer.accept(before);
      Poll.until(Duration.ofSeconds(10), "first row", () -> ownTraces.count() == 1);

      pg.close();
      for (int i = 0; i < 250; i++) {
        Trace t = trace("default", "bot", "slack", "DENY", Instant.now());
        ids.add(t.id());
        writer.accept(t);
      }
      Poll.until(Duration.ofSeconds(20), "traces spooled", () -> writer.queued() == 0 && spoolFiles() > 0);
      assertThat(writer.spooledBytes()).isPositive();

      pg = startPg(pgDir, port);
      Poll.until(Duration.ofSeconds(30), "spool replayed", () -> count(ownTraces) == 251 && writer.spooledBytes() == 0);
      assertThat(ownTraces.query(TraceQuery.newest(1000)).items()).extracting(Trace::id)
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(writer.droppedCount()).isZero();
    } finally {
      writer.close();
      own.close();
      pg.close();
    }
  }

  private long spoolFiles() {
    try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(TraceRepository repo) {
    try {
      return repo.count();
    } catch (StoreException e) {
      return -1; // the server is still starting
    }
  }

  private static EmbeddedPostgres startPg(Path dataDir, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
