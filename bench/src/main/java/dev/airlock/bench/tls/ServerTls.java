package dev.airlock.bench.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/** Server TLS for the benchmark upstream, from the files {@link UpstreamCertificates} wrote. */
public final class ServerTls {
  private ServerTls() {}

  public static SslContext of(UpstreamCertificates files) {
    return context(files.chainFile(), files.keyFile());
  }

  /** A context per SNI host name; "localhost" for any other name or none. */
  public static Mapping<String, SslContext> byName(UpstreamCertificates files, List<String> moreHosts) {
    DomainWildcardMappingBuilder<SslContext> mapping = new DomainWildcardMappingBuilder<>(of(files));
    for (String host : moreHosts) {
      mapping.add(host, context(files.chainFile(host), files.keyFile(host)));
    }
    return mapping.build();
  }

  private static SslContext context(Path chain, Path key) {
    try {
      // h2 for clients that offer it (HTTP/2 scenarios, proxies that speak it upstream), else HTTP/1.1.
      return SslContextBuilder.forServer(new File(chain.toString()), new File(key.toString()))
          .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
          .applicationProtocolConfig(new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build server TLS from " + chain, e);
    }
  }
}
