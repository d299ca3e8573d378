package dev.airlock.proxy.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
  private final int handshakeTimeoutMillis;

  public UpstreamTls(Path extraTrust, int handshakeTimeoutMillis) {
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    try {
      this.context = SslContextBuilder.forClient()
          .sslProvider(TlsProviders.preferred())
          .trustManager(trustManagerFactory(extraTrust))
          .endpointIdentificationAlgorithm("HTTPS")
          .build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("upstream_trust: " + extraTrust + ": " + e.getMessage(), e);
    }
  }

  /** A handler for a connection to host:port; SNI and certificate checks use host. */
  SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
    SslHandler h = context.newHandler(alloc, host, port);
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
