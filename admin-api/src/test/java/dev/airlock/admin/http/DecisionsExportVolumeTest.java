package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.store.BulkTraces;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A million traces exported through a real server and database while the heap is sampled after
 * garbage collection: it must stay flat, whatever the number of rows (the whole CSV is ~250 MB, the
 * traces as objects several times that).
 */
@Tag("volume")
class DecisionsExportVolumeTest extends AdminServerTestBase {
  private static final int ROWS = 1_000_000;
  /** Growth of the live heap allowed while exporting: a few chunks, cursor batches and buffers. */
  private static final long MAX_GROWTH_BYTES = 48L * 1024 * 1024;

  @Test
  void aMillionTracesStreamWithAFlatHeap() throws Exception {
    long insertStart = System.nanoTime();
    BulkTraces.insert(store.traces(), ROWS, Instant.now().minus(2, ChronoUnit.DAYS));
    long insertMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - insertStart);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long baseline = liveHeap(memory);

    AtomicLong peak = new AtomicLong();
    AtomicInteger samples = new AtomicInteger();
    // Live heap sampled once a second while the export streams.
    java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors
        .newSingleThreadScheduledExecutor(r -> new Thread(r, "heap-sampler"));

    long exportStart = System.nanoTime();
    HttpResponse<InputStream> response = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/decisions/export?format=csv"))
            .header("Authorization", bearer()).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    sampler.scheduleAtFixedRate(() -> {
      peak.accumulateAndGet(liveHeap(memory), Math::max);
      samples.incrementAndGet();
    }, 0, 1, TimeUnit.SECONDS);
    long lines = 0;
    long bytes = 0;
    try (InputStream body = response.body()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = body.read(buffer)) >= 0; ) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    } finally {
      sampler.shutdown();
      sampler.awaitTermination(30, TimeUnit.SECONDS);
    }
    long exportMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exportStart);
    long growth = peak.get() - baseline;
    System.out.printf("export of %d traces: inserted in %d ms, exported %d MB in %d ms; live heap %d MB before,"
            + " peak %d MB while streaming (+%d MB) over %d samples%n", ROWS, insertMillis, bytes >> 20, exportMillis,
        baseline >> 20, peak.get() >> 20, growth >> 20, samples.get());

    assertThat(lines).isEqualTo(ROWS + 1L); // and the header
    assertThat(samples.get()).as("heap samples taken while streaming").isGreaterThanOrEqualTo(3);
    assertThat(growth).as("live heap growth while streaming, bytes").isLessThan(MAX_GROWTH_BYTES);
  }

  /** Heap still in use after a full collection. */
  private static long liveHeap(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
