package dev.airlock.admin.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.airlock.admin.store.AdminTokenRepository;
import dev.airlock.admin.store.Principal;
import dev.airlock.admin.store.Secrets;
import dev.airlock.admin.store.StoreException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code Authorization: Bearer <token>} against stored admin token hashes. Results are
 * cached by hash for a few seconds so a CLI loop does not cost a query per call. A key revoked
 * through this node is dropped from the cache at once ({@link #forget}); other nodes stop
 * accepting it when their entry expires, within {@link #CACHE_TTL}. Blocking on a cache miss:
 * call on the store executor.
 */
final class BearerAuth {
  static final Duration CACHE_TTL = Duration.ofSeconds(5);
  /** How often, at most, one node writes a key's {@code last_used_at}. */
  static final Duration USAGE_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(BearerAuth.class);
  private static final String PREFIX = "Bearer ";
  private static final int MAX_TOKEN_LENGTH = 256;

  private final AdminTokenRepository tokens;
  private final Cache<String, Optional<Principal>> cache;
  /** Key ids whose use was written within the last interval. */
  private final Cache<String, Boolean> recentlyUsed;

  BearerAuth(AdminTokenRepository tokens) {
    this.tokens = tokens;
    this.cache = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(1_000).build();
    this.recentlyUsed = Caffeine.newBuilder().expireAfterWrite(USAGE_INTERVAL).maximumSize(10_000).build();
  }

  /** Who the token is, or empty when the header is missing, malformed or names no valid token. */
  Optional<Principal> principalOf(String authorization) {
    if (authorization == null
        || authorization.length() <= PREFIX.length()
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Optional.empty();
    }
    String token = authorization.substring(PREFIX.length()).trim();
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    // Keyed by hash so the cache never holds a token in clear.
    String key = Base64.getEncoder().encodeToString(Secrets.sha256(token));
    Optional<Principal> who = cache.get(key, k -> tokens.principalOf(token));
    who.ifPresent(p -> noteUse(p.keyId()));
    return who;
  }

  /** Stops accepting a revoked key on this node now rather than when its cache entry expires. */
  void forget(String keyId) {
    forgetWhere(p -> p.keyId().equals(keyId));
  }

  /** Stops accepting the keys scoped to a deleted environment on this node now. */
  void forgetEnvironment(String env) {
    forgetWhere(p -> env.equals(p.env()));
  }

  private void forgetWhere(Predicate<Principal> match) {
    cache.asMap().values().removeIf(who -> who.isPresent() && match.test(who.get()));
  }

  /**
   * Writes {@code last_used_at} at most once per interval per key: one small update on the store
   * executor the request already runs on. Bookkeeping only, so a failure is logged and the request
   * goes on.
   */
  private void noteUse(String keyId) {
    if (recentlyUsed.asMap().putIfAbsent(keyId, Boolean.TRUE) != null) {
      return;
    }
    try {
      tokens.markUsed(keyId);
    } catch (StoreException e) {
      recentlyUsed.invalidate(keyId);
      log.debug("could not record the use of admin key {}: {}", keyId, e.getMessage());
    }
  }
}
