package dev.airlock.proxy.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One server-side SslContext per intercepted host, built at most once per host concurrently and
 * off the event loop (minting a key pair takes milliseconds), then cached. The leaf offers ALPN
 * {@code h2} then {@code http/1.1}; a client that offers neither gets HTTP/1.1.
 */
public final class MitmContexts {
  private final LeafSource leaves;
  private final Executor executor;
  private final Cache<String, CompletableFuture<SslContext>> cache;

  public MitmContexts(LeafSource leaves, Executor executor) {
    this.leaves = leaves;
    this.executor = executor;
    // Leaves live 30 days or more; a day in the cache keeps them well inside their validity.
    // Stats are striped counters bumped once per intercepted connection, read by the metrics.
    this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(24))
        .recordStats().build();
  }

  /** Intercepted connections whose TLS context (certificate) was already cached. */
  public long hits() {
    return cache.stats().hitCount();
  }

  /** Intercepted connections that had to build a TLS context (from a cached or new leaf). */
  public long misses() {
    return cache.stats().missCount();
  }

  /** Hosts with a cached TLS context. */
  public long size() {
    return cache.estimatedSize();
  }

  public CompletableFuture<SslContext> serverContext(String host) {
    CompletableFuture<SslContext> f = cache.get(host, h -> leaves.get(h).thenApplyAsync(this::build, executor));
    f.whenComplete((c, e) -> {
      if (e != null) {
        cache.asMap().remove(host, f);
      }
    });
    return f;
  }

  private SslContext build(LeafSource.KeyMaterial m) {
    try {
      return SslContextBuilder.forServer(m.key(), m.chain())
          .sslProvider(TlsProviders.preferred())
          .applicationProtocolConfig(new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException("cannot build TLS context: " + e.getMessage(), e);
    }
  }
}
