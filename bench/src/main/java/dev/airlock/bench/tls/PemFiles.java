package dev.airlock.bench.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Writes keys and certificates as PEM for the peers' configuration files. */
public final class PemFiles {
  private PemFiles() {}

  public static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** PKCS#8, which Netty, squid (OpenSSL) and mitmproxy (cryptography) all read. */
  public static String privateKey(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  public static String chain(X509Certificate... chain) {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : chain) {
      pem.append(certificate(certificate));
    }
    return pem.toString();
  }

  public static void write(Path file, String pem) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String block(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
