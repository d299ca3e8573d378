package dev.airlock.certs;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Per-host leaf certificates, minted at most once per host at a time on a separate executor, so
 * callers on an event loop never block on key generation.
 *
 * <p>Hosts are keyed case-insensitively. Entries within {@link #RENEW_BEFORE} of expiry are minted
 * again; failed mints are dropped so the next request retries. When the cache holds more than
 * {@code maxEntries}, the least recently used entries are evicted.
 */
public final class LeafCache {
  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  public static final Duration RENEW_BEFORE = Duration.ofDays(1);

  private final Function<String, LeafCertificate> mint;
  private final Executor executor;
  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong useCounter = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final ReentrantLock evictionLock = new ReentrantLock();

  public LeafCache(LeafMinter minter, Executor executor) {
    this(requireNonNull(minter, "minter")::mint, executor, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
  }

  /**
   * @param mint mints a leaf for a normalized host (lower-case name or canonical IP literal)
   * @param executor runs {@code mint}; never the caller's event loop
   */
  public LeafCache(
      Function<String, LeafCertificate> mint, Executor executor, int maxEntries, Clock clock) {
    this.mint = requireNonNull(mint, "mint");
    this.executor = requireNonNull(executor, "executor");
    this.clock = requireNonNull(clock, "clock");
    if (maxEntries <= 0) {
      throw new CertsException("maxEntries: " + maxEntries + " (expected: > 0)");
    }
    this.maxEntries = maxEntries;
  }

  /**
   * Returns the leaf for {@code host}, minting it if needed. Never blocks; an invalid host yields a
   * future failed with {@link CertsException}. Non-async dependents of the future may run on the
   * mint executor, so event-loop callers hand the result back to their loop.
   */
  public CompletableFuture<LeafCertificate> get(String host) {
    String key;
    try {
      key = HostName.parse(host).name();
    } catch (CertsException e) {
      return CompletableFuture.failedFuture(e);
    }
    Entry entry = entries.get(key);
    if (entry == null || !isUsable(entry)) {
      Entry[] created = new Entry[1];
      entry =
          entries.compute(
              key,
              (k, old) -> {
                if (old != null && isUsable(old)) {
                  return old;
                }
                created[0] = new Entry();
                return created[0];
              });
      if (created[0] != null) {
        misses.increment();
        startMint(key, created[0]);
        return created[0].future.copy();
      }
    }
    hits.increment();
    entry.lastUsed = useCounter.incrementAndGet();
    // A copy, so a caller cancelling or completing its future cannot poison the shared entry.
    return entry.future.copy();
  }

  /** Requests answered from the cache, including those that joined a mint in progress. */
  public long hits() {
    return hits.sum();
  }

  /** Requests that started a mint. */
  public long misses() {
    return misses.sum();
  }

  public int size() {
    return entries.size();
  }

  private void startMint(String key, Entry entry) {
    entry.lastUsed = useCounter.incrementAndGet();
    try {
      executor.execute(
          () -> {
            try {
              entry.future.complete(mint.apply(key));
            } catch (Throwable t) {
              fail(key, entry, t);
            }
            evictIfOverCapacity();
          });
    } catch (RejectedExecutionException e) {
      fail(key, entry, new CertsException("cannot mint certificate for " + key + ": " + e, e));
    }
  }

  /** Removes before completing, so a caller retrying on failure starts a fresh mint. */
  private void fail(String key, Entry entry, Throwable cause) {
    entries.remove(key, entry);
    entry.future.completeExceptionally(cause);
  }

  private boolean isUsable(Entry entry) {
    CompletableFuture<LeafCertificate> future = entry.future;
    if (!future.isDone()) {
      return true;
    }
    if (future.isCompletedExceptionally()) {
      return false;
    }
    return future.join().notAfter().minus(RENEW_BEFORE).isAfter(clock.instant());
  }

  /**
   * Evicts down to 90% of capacity in one pass, so the sort is paid once per many mints rather than
   * on every one. Runs in the mint task, off the callers' threads.
   */
  private void evictIfOverCapacity() {
    if (entries.size() <= maxEntries || !evictionLock.tryLock()) {
      return;
    }
    try {
      int excess = entries.size() - (maxEntries - maxEntries / 10);
      if (excess <= 0) {
        return;
      }
      // Snapshot the use counters: sorting on values other threads update breaks the sort.
      List<Candidate> candidates = new ArrayList<>(entries.size());
      entries.forEach((key, entry) -> candidates.add(new Candidate(key, entry, entry.lastUsed)));
      candidates.sort(Comparator.comparingLong(Candidate::lastUsed));
      for (int i = 0; i < excess && i < candidates.size(); i++) {
        Candidate candidate = candidates.get(i);
        entries.remove(candidate.key(), candidate.entry());
      }
    } finally {
      evictionLock.unlock();
    }
  }

  private static final class Entry {
    final CompletableFuture<LeafCertificate> future = new CompletableFuture<>();
    volatile long lastUsed;
  }

  private record Candidate(String key, Entry entry, long lastUsed) {}
}
