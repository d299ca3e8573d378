package dev.airlock.proxy.exfil;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.inspect.ScanCache;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans response bodies with the request detectors and remembers a fingerprint of every sensitive
 * value found, per agent ({@link ReadFingerprints}). Small plain bodies are scanned on the calling
 * thread (cheaper than a handoff); the others on its own small pool, so the relay never waits for
 * them: when the pool's queue is full the body is not scanned and {@link #dropped()} counts it.
 */
public final class ResponseFingerprinter implements ResponseScanner, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseFingerprinter.class);
  /** Bodies waiting for a thread at most; beyond, new ones are dropped. */
  static final int QUEUE = 1024;
  /** Short response texts whose findings are remembered at most. */
  static final int RECURRING_TEXTS = 10_000;

  private final Detectors detectors;
  /** Small responses recur (polls, status documents): their findings are remembered. */
  private final ScanCache recurring;
  private final ReadFingerprints reads;
  private final ValueFingerprints fingerprints;
  private final ThreadPoolExecutor pool;
  private final AtomicLong scanned = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong values = new AtomicLong();
  private final long maxCapturedBytes;
  private final AtomicLong captured = new AtomicLong();

  /**
   * @param threads scanning threads
   * @param maxCapturedBytes response bytes held at most, over all responses being captured or
   *     waiting to be scanned; beyond it captures keep only what they have
   */
  public ResponseFingerprinter(Detectors detectors, ReadFingerprints reads, ValueFingerprints fingerprints,
      int threads, long maxCapturedBytes) {
    this.maxCapturedBytes = maxCapturedBytes;
    this.detectors = requireNonNull(detectors, "detectors");
    this.recurring = new ScanCache(detectors, RECURRING_TEXTS);
    this.reads = requireNonNull(reads, "reads");
    this.fingerprints = requireNonNull(fingerprints, "fingerprints");
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "airlock-response-scan-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  @Override
  public void scan(ResponseOrigin origin, ResponseBody body) {
    if (body.small()) {
      // A few kilobytes of text scan in microseconds; waking a pool thread for them costs more.
      scanNow(origin, body);
      return;
    }
    try {
      pool.execute(() -> scanNow(origin, body));
    } catch (RejectedExecutionException e) {
      dropped.incrementAndGet();
      release(body.reservedBytes());
    }
  }

  @Override
  public boolean reserve(int bytes) {
    long now = captured.addAndGet(bytes);
    if (now > maxCapturedBytes) {
      captured.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  @Override
  public void release(int bytes) {
    captured.addAndGet(-bytes);
  }

  /** Bodies waiting for a scanning thread. */
  int queued() {
    return pool.getQueue().size();
  }

  /** Response bytes held now, captured or waiting to be scanned. */
  public long capturedBytes() {
    return captured.get();
  }

  private void scanNow(ResponseOrigin origin, ResponseBody body) {
    try {
      ReadFingerprints.Source source = new ReadFingerprints.Source(origin.tool(), origin.host());
      String agent = origin.agentKey();
      for (String text : body.texts()) {
        List<Finding> found = text.length() <= ScanCache.MAX_TEXT
            ? recurring.scan(List.of(text)).get(0) : detectors.scan(text);
        for (Finding f : found) {
          reads.record(agent, fingerprints.of(f, text), source);
          values.incrementAndGet();
        }
      }
      scanned.incrementAndGet();
    } catch (RuntimeException e) {
      // Class only: a message could quote the body.
      LOG.warn("scanning a response from {} failed: {}", origin.host(), e.getClass().getName());
    } finally {
      release(body.reservedBytes());
    }
  }

  /** Response bodies (or event batches) scanned so far. */
  public long scanned() {
    return scanned.get();
  }

  /** Bodies not scanned because the pool was saturated. */
  public long dropped() {
    return dropped.get();
  }

  /** Sensitive values found in responses (each fingerprinted and remembered). */
  public long valuesFound() {
    return values.get();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
