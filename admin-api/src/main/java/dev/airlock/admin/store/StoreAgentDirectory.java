package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.airlock.proxy.spi.AgentDirectory;
import dev.airlock.proxy.spi.AgentIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent authentication for the proxy, backed by the database.
 *
 * <p>The proxy calls {@link #authenticate} on an event loop, so the lookup runs on {@code executor}
 * (a dedicated, bounded one). Results, including "no such key", are cached by key hash for at most
 * {@code cacheTtl} (1 s by default): enough to absorb a busy agent's request rate, short enough
 * that a revoked key or suspended agent stops working within a second. Concurrent lookups of the
 * same key share one query. A failed lookup (database down, executor full) completes the future
 * exceptionally with a {@link StoreException} and is not cached.
 *
 * <p>{@code last_used_at} is written at most once per {@code touchInterval} per key, never per
 * request.
 */
public final class StoreAgentDirectory implements AgentDirectory {
  private static final Logger log = LoggerFactory.getLogger(StoreAgentDirectory.class);
  // Longer inputs cannot be our keys; refusing them avoids hashing attacker-sized strings.
  private static final int MAX_KEY_LENGTH = 256;

  private final AgentRepository agents;
  private final Executor executor;
  private final Duration touchInterval;
  private final AsyncCache<String, Optional<AgentIdentity>> cache;
  private final ConcurrentMap<String, Long> lastTouchNanos = new ConcurrentHashMap<>();

  public StoreAgentDirectory(AgentRepository agents, Executor executor) {
    this(agents, executor, Duration.ofSeconds(1), Duration.ofMinutes(1));
  }

  public StoreAgentDirectory(
      AgentRepository agents, Executor executor, Duration cacheTtl, Duration touchInterval) {
    this.agents = requireNonNull(agents, "agents");
    this.executor = requireNonNull(executor, "executor");
    this.touchInterval = requireNonNull(touchInterval, "touchInterval");
    if (cacheTtl.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("cacheTtl: " + cacheTtl + " (expected: <= 1s)");
    }
    this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(100_000).buildAsync();
  }

  @Override
  public CompletableFuture<Optional<AgentIdentity>> authenticate(String agentName, String key) {
    if (agentName == null || key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    byte[] hash = Secrets.sha256(key);
    String cacheKey = Base64.getEncoder().encodeToString(hash);
    return cache
        .get(cacheKey, (k, ignored) -> lookup(hash))
        .thenApply(
            found -> {
              Optional<AgentIdentity> identity =
                  found.filter(id -> id.agentName().equals(agentName));
              identity.ifPresent(this::touch);
              return identity;
            });
  }

  private CompletableFuture<Optional<AgentIdentity>> lookup(byte[] hash) {
    try {
      return CompletableFuture.supplyAsync(() -> agents.findActiveByKeyHash(hash), executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new StoreException(
              StoreException.Kind.UNAVAILABLE, "unavailable", "agent lookup queue is full", null));
    }
  }

  private void touch(AgentIdentity identity) {
    long now = System.nanoTime();
    Long recent = lastTouchNanos.get(identity.keyId());
    if (recent != null && now - recent < touchInterval.toNanos()) {
      return; // the common case, without taking the map's lock
    }
    boolean[] due = {false};
    lastTouchNanos.compute(
        identity.keyId(),
        (id, last) -> {
          if (last == null || now - last >= touchInterval.toNanos()) {
            due[0] = true;
            return now;
          }
          return last;
        });
    if (!due[0]) {
      return;
    }
    Instant at = Instant.now();
    try {
      executor.execute(
          () -> {
            try {
              agents.markUsed(List.of(identity.keyId()), at);
            } catch (StoreException e) {
              // Best effort: last_used_at is informational and will be written on a later use.
              log.debug("could not record key use: {}", e.getMessage());
            }
          });
    } catch (RejectedExecutionException e) {
      lastTouchNanos.remove(identity.keyId());
    }
  }
}
