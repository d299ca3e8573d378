package dev.airlock.proxy.server;

import dev.airlock.certs.CertificateAuthority;
import dev.airlock.proxy.config.ConnectTo;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.testing.ScriptedOrigin;
import dev.airlock.proxy.testing.TlsOrigin;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real proxy node in front of two local HTTPS origins with their own test CA (which the proxy
 * trusts): {@code h2.test} speaks HTTP/2 and HTTP/1.1, {@code h1.test} HTTP/1.1 only. Agents trust
 * the proxy's CA ({@link #caPem}, {@link #agentTrust}).
 */
final class H2Harness implements AutoCloseable {
  static final String H2_HOST = "h2.test";
  static final String H1_HOST = "h1.test";
  /** A plain-HTTP origin on port 80, for h2c with prior knowledge inside a CONNECT tunnel. */
  static final String PLAIN_HOST = "plain.test";

  final Path dir;
  final Path caPem;
  final SSLContext agentTrust;
  final TlsOrigin h2;
  final TlsOrigin h1;
  final ScriptedOrigin plain;
  final TestProxyContexts px;
  final ProxyServer server;
  final int port;

  H2Harness() throws Exception {
    this(ProxyConfig.Timeouts.defaults().headerRead());
  }

  /** With {@code headerRead} as the deadline of a request head or body (per stream on HTTP/2). */
  H2Harness(java.time.Duration headerRead) throws Exception {
    dir = Files.createTempDirectory("airlock-h2");
    CertificateAuthority upstreamCa = CertificateAuthority.generate();
    Path upstreamPem = dir.resolve("upstream-ca.pem");
    Files.writeString(upstreamPem, upstreamCa.exportPem());
    h2 = new TlsOrigin(upstreamCa, H2_HOST, true);
    h1 = new TlsOrigin(upstreamCa, H1_HOST, false);
    plain = new ScriptedOrigin(null);
    CertificateAuthority ca = CertificateAuthority.generate();
    caPem = dir.resolve("airlock-ca.pem");
    Files.writeString(caPem, ca.exportPem());
    agentTrust = trusting(ca.exportPem());
    ProxyConfig d = ProxyConfig.defaults();
    ProxyConfig config = new ProxyConfig("127.0.0.1", 0, d.inspectMaxBytes(), d.oversizePolicy(), d.allowedPorts(),
        d.passthroughHosts(), d.allowPrivate(),
        List.of(ConnectTo.parse(H2_HOST + ":443:127.0.0.1:" + h2.port()),
            ConnectTo.parse(H1_HOST + ":443:127.0.0.1:" + h1.port()),
            ConnectTo.parse(PLAIN_HOST + ":80:127.0.0.1:" + plain.port())),
        upstreamPem, new ProxyConfig.Timeouts(d.timeouts().connect(), d.timeouts().tlsHandshake(),
            d.timeouts().idle(), headerRead, d.timeouts().upstreamResponse()),
        d.limits(), Set.of(), Set.of(), null);
    px = new TestProxyContexts(config, ca);
    server = new ProxyServer(px.context);
    port = server.start().getPort();
  }

  static String auth() {
    return TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY);
  }

  private static SSLContext trusting(String pem) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("airlock", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, tmf.getTrustManagers(), null);
    return c;
  }

  @Override
  public void close() throws Exception {
    server.close();
    h2.close();
    h1.close();
    plain.close();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
