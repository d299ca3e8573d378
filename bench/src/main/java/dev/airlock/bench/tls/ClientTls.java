package dev.airlock.bench.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Client TLS for the load generator: trusts exactly one CA file, checks the host name, and keeps no
 * session cache, so every new connection pays a full handshake.
 */
public final class ClientTls {
  private ClientTls() {}

  public static SslContext trusting(Path caFile) {
    return trusting(caFile, false);
  }

  /**
   * @param h2 offer ALPN {@code h2} and nothing else (as gRPC clients do), so that a system that
   *     cannot speak HTTP/2 shows as one that negotiated no protocol
   */
  public static SslContext trusting(Path caFile, boolean h2) {
    try {
      SslContextBuilder builder =
          SslContextBuilder.forClient()
              .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
              .trustManager(new File(caFile.toString()))
              .endpointIdentificationAlgorithm("HTTPS")
              .sessionCacheSize(1);
      if (h2) {
        builder.applicationProtocolConfig(new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2));
      }
      SslContext context = builder.build();
      if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
        openSsl.setSessionCacheEnabled(false);
      }
      return context;
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build client TLS trusting " + caFile, e);
    }
  }

  /** Whether new connections really do full handshakes with this context. */
  public static boolean resumptionDisabled(SslContext context) {
    return context.sessionContext() instanceof OpenSslSessionContext openSsl
        && !openSsl.isSessionCacheEnabled();
  }
}
