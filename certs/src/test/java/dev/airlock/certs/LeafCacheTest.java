package dev.airlock.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeafCacheTest {
  private static final CertificateAuthority CA = CertificateAuthority.generate();
  private static final Executor DIRECT = Runnable::run;

  private final LeafMinter minter = new LeafMinter(CA);
  private final AtomicInteger mints = new AtomicInteger();
  private final List<String> minted = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private Function<String, LeafCertificate> countingMint() {
    return host -> {
      mints.incrementAndGet();
      synchronized (minted) {
        minted.add(host);
      }
      return minter.mint(host);
    };
  }

  @Test
  void concurrentRequestsForOneHostMintOnce() throws Exception {
    LeafCache cache = new LeafCache(countingMint(), pool, 100, clock);
    int callers = 16;
    ExecutorService callerThreads = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<CompletableFuture<LeafCertificate>>> requests = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        requests.add(
            CompletableFuture.supplyAsync(
                () -> {
                  awaitQuietly(start);
                  return cache.get("Example.com");
                },
                callerThreads));
      }
      start.countDown();

      List<LeafCertificate> leaves = new ArrayList<>();
      for (var request : requests) {
        leaves.add(request.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
      }

      assertThat(mints).hasValue(1);
      assertThat(leaves).allSatisfy(leaf -> assertThat(leaf).isSameAs(leaves.get(0)));
      assertThat(cache.misses()).isEqualTo(1);
      assertThat(cache.hits()).isEqualTo(callers - 1);
    } finally {
      callerThreads.shutdownNow();
    }
  }

  @Test
  void mintsOnTheSuppliedExecutor() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor(r -> new Thread(r, "mint-thread"));
    try {
      List<String> threads = new ArrayList<>();
      LeafCache cache =
          new LeafCache(
              host -> {
                threads.add(Thread.currentThread().getName());
                return minter.mint(host);
              },
              single,
              100,
              clock);

      cache.get("example.com").get(5, TimeUnit.SECONDS);

      assertThat(threads).containsExactly("mint-thread");
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void hostsAreKeyedCaseInsensitively() {
    LeafCache cache = new LeafCache(countingMint(), DIRECT, 100, clock);

    LeafCertificate first = cache.get("Example.COM").join();
    LeafCertificate second = cache.get("example.com").join();

    assertThat(second).isSameAs(first);
    assertThat(minted).containsExactly("example.com");
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(1);
  }

  @Test
  void remintsWithinOneDayOfExpiry() {
    LeafCache cache = new LeafCache(countingMint(), DIRECT, 100, clock);
    LeafCertificate first = cache.get("example.com").join();

    clock.advance(Duration.ofDays(28));
    assertThat(cache.get("example.com").join()).isSameAs(first);

    clock.advance(Duration.ofDays(1).plusMinutes(1));
    LeafCertificate renewed = cache.get("example.com").join();

    assertThat(renewed).isNotSameAs(first);
    assertThat(mints).hasValue(2);
  }

  @Test
  void failedMintIsRetriedByTheNextRequest() {
    AtomicInteger attempts = new AtomicInteger();
    LeafCache cache =
        new LeafCache(
            host -> {
              if (attempts.incrementAndGet() == 1) {
                throw new CertsException("first attempt fails");
              }
              return minter.mint(host);
            },
            DIRECT,
            100,
            clock);

    assertThatThrownBy(() -> cache.get("example.com").join())
        .hasCauseInstanceOf(CertsException.class)
        .hasMessageContaining("first attempt fails");
    assertThat(cache.size()).isZero();

    assertThat(cache.get("example.com").join().certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=example.com");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void rejectedExecutionFailsTheFutureWithoutCachingIt() {
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    LeafCache cache = new LeafCache(countingMint(), stopped, 100, clock);

    assertThatThrownBy(cache.get("example.com")::join).hasCauseInstanceOf(CertsException.class);
    assertThat(cache.size()).isZero();
    assertThat(mints).hasValue(0);
  }

  @Test
  void invalidHostFailsWithoutMinting() {
    LeafCache cache = new LeafCache(countingMint(), DIRECT, 100, clock);

    CompletableFuture<LeafCertificate> future = cache.get("bad host");

    assertThatThrownBy(future::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CertsException.class);
    assertThat(mints).hasValue(0);
  }

  @Test
  void evictsLeastRecentlyUsedBeyondCapacity() {
    LeafCache cache = new LeafCache(countingMint(), DIRECT, 2, clock);
    cache.get("a.example").join();
    cache.get("b.example").join();
    cache.get("a.example").join();
    cache.get("c.example").join();

    assertThat(cache.size()).isEqualTo(2);
    cache.get("a.example").join();
    cache.get("c.example").join();
    assertThat(minted).containsExactly("a.example", "b.example", "c.example");

    cache.get("b.example").join();
    assertThat(minted).containsExactly("a.example", "b.example", "c.example", "b.example");
  }

  @Test
  void callerCannotPoisonTheCachedFuture() {
    LeafCache cache = new LeafCache(countingMint(), pool, 100, clock);
    cache.get("example.com").cancel(true);

    assertThat(cache.get("example.com").join().certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=example.com");
    assertThat(mints).hasValue(1);
  }

  @Test
  void rejectsNonPositiveCapacity() {
    assertThatThrownBy(() -> new LeafCache(countingMint(), DIRECT, 0, clock))
        .isInstanceOf(CertsException.class)
        .hasMessage("maxEntries: 0 (expected: > 0)");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
