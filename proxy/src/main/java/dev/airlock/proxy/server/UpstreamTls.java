package dev.airlock.proxy.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Client-side TLS towards upstream servers: the JDK's trusted CAs plus an optional operator bundle,
 * SNI and hostname verification always on. There is deliberately no way to switch checks off.
 */
public final class UpstreamTls {
  private final SslContext context;
  /** The same trust, offering ALPN h2 then http/1.1: only for agents that speak HTTP/2 themselves. */
  private final SslContext h2Context;
  private final int handshakeTimeoutMillis;
  /** Upstreams seen picking HTTP/1.1 over h2 (host:port), so later HTTP/2 agents go to the pool directly. */
  private final Cache<String, Boolean> http1Only =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

  public UpstreamTls(Path extraTrust, int handshakeTimeoutMillis) {
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    try {
      TrustManagerFactory trust = trustManagerFactory(extraTrust);
      this.context = SslContextBuilder.forClient()
          .sslProvider(TlsProviders.preferred())
          .trustManager(trust)
          .endpointIdentificationAlgorithm("HTTPS")
          .build();
      this.h2Context = SslContextBuilder.forClient()
          .sslProvider(TlsProviders.preferred())
          .trustManager(trust)
          .endpointIdentificationAlgorithm("HTTPS")
          .applicationProtocolConfig(new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("upstream_trust: " + extraTrust + ": " + e.getMessage(), e);
    }
  }

  /** A handler for a connection to host:port; SNI and certificate checks use host. */
  SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
    return newHandler(context, alloc, host, port);
  }

  /** As {@link #newHandler(ByteBufAllocator, String, int)}, offering ALPN h2 and http/1.1. */
  SslHandler newH2Handler(ByteBufAllocator alloc, String host, int port) {
    return newHandler(h2Context, alloc, host, port);
  }

  /** Whether host:port was seen answering an h2 offer with HTTP/1.1 (lately). */
  boolean knownHttp1Only(String authority) {
    return http1Only.getIfPresent(authority) != null;
  }

  void rememberHttp1Only(String authority) {
    http1Only.put(authority, Boolean.TRUE);
  }

  private SslHandler newHandler(SslContext ctx, ByteBufAllocator alloc, String host, int port) {
    SslHandler h = ctx.newHandler(alloc, host, port);
    SSLEngine engine = h.engine();
    SSLParameters p = engine.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(p);
    h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    return h;
  }

  private static TrustManagerFactory trustManagerFactory(Path extraTrust) throws IOException, GeneralSecurityException {
    TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (javax.net.ssl.TrustManager tm : defaults.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        for (X509Certificate c : x.getAcceptedIssuers()) {
          ks.setCertificateEntry("system-" + i++, c);
        }
      }
    }
    if (extraTrust != null) {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      try (InputStream in = Files.newInputStream(extraTrust)) {
        int n = 0;
        for (Certificate c : cf.generateCertificates(in)) {
          ks.setCertificateEntry("extra-" + n++, c);
        }
        if (n == 0) {
          throw new IOException("no certificate found in PEM bundle");
        }
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    return tmf;
  }
}
