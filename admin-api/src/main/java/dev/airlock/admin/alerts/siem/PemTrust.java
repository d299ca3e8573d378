package dev.airlock.admin.alerts.siem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust built from a PEM file of CA certificates, with the JDK's normal PKIX checks. */
final class PemTrust {
  private PemTrust() {}

  static List<X509Certificate> certificates(Path pemFile) throws IOException, GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(pemFile)) {
      for (Certificate certificate : factory.generateCertificates(in)) {
        out.add((X509Certificate) certificate);
      }
    }
    return out;
  }

  /** A TLS context trusting exactly the certificates in {@code pemFile}. */
  static SSLContext context(Path pemFile) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int i = 0;
    for (X509Certificate certificate : certificates(pemFile)) {
      trust.setCertificateEntry("ca-" + i++, certificate);
    }
    if (i == 0) {
      throw new GeneralSecurityException("no certificate in " + pemFile);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
