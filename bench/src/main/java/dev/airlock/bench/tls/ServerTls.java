package dev.airlock.bench.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import javax.net.ssl.SSLException;

/** Server TLS for the benchmark upstream, from the files {@link UpstreamCertificates} wrote. */
public final class ServerTls {
  private ServerTls() {}

  public static SslContext of(UpstreamCertificates files) {
    try {
      return SslContextBuilder.forServer(
              new File(files.chainFile().toString()), new File(files.keyFile().toString()))
          .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build server TLS from " + files.dir(), e);
    }
  }
}
