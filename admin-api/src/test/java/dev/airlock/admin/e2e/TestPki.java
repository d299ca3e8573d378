package dev.airlock.admin.e2e;

import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.LeafCertificate;
import dev.airlock.certs.LeafMinter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The upstream servers' own test CA, separate from Airlock's CA, and leaf contexts from it. */
public final class TestPki {
  private final CertificateAuthority ca = CertificateAuthority.generate();
  private final LeafMinter minter = new LeafMinter(ca);

  /** A server SSLContext presenting a certificate for {@code host}. */
  public SSLContext serverContext(String host) throws Exception {
    LeafCertificate leaf = minter.mint(host);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("leaf", leaf.privateKey(), new char[0], leaf.chain());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /**
   * Writes a certificate chain and PKCS#8 key for {@code host} as PEM files, for servers outside
   * the JVM (a Node HTTPS server).
   */
  public void writeServerPem(String host, Path certFile, Path keyFile) throws Exception {
    LeafCertificate leaf = minter.mint(host);
    StringBuilder chain = new StringBuilder();
    for (java.security.cert.X509Certificate c : leaf.chain()) {
      chain.append(pem("CERTIFICATE", c.getEncoded()));
    }
    Files.writeString(certFile, chain);
    Files.writeString(keyFile, pem("PRIVATE KEY", leaf.privateKey().getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  public Path writeCa(Path file) throws Exception {
    Files.writeString(file, ca.exportPem());
    return file;
  }

  /** A client SSLContext that trusts only the CA certificate in {@code caPem} (e.g. Airlock's). */
  public static SSLContext trusting(Path caPem) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream pem = Files.newInputStream(caPem)) {
      ks.setCertificateEntry("airlock", CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
