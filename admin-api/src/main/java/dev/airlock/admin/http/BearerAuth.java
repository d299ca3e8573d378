package dev.airlock.admin.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.airlock.admin.store.AdminTokenRepository;
import dev.airlock.admin.store.Principal;
import dev.airlock.admin.store.Secrets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} against stored admin token hashes. Results are
 * cached by hash for a few seconds so a CLI loop does not cost a query per call; a revoked token
 * therefore stops working within that time. Blocking on a cache miss: call on the store executor.
 */
final class BearerAuth {
  private static final String PREFIX = "Bearer ";
  private static final int MAX_TOKEN_LENGTH = 256;

  private final AdminTokenRepository tokens;
  private final Cache<String, Optional<Principal>> cache =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).maximumSize(1_000).build();

  BearerAuth(AdminTokenRepository tokens) {
    this.tokens = tokens;
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
    return cache.get(key, k -> tokens.principalOf(token));
  }
}
