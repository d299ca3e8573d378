package dev.airlock.certs;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/** PEM encoding and decoding of certificates and private keys. */
final class Pem {
  private Pem() {}

  static String encodeCertificate(X509Certificate certificate) {
    return write(certificate);
  }

  /** Writes PKCS#8 ("BEGIN PRIVATE KEY"), which every TLS stack reads regardless of key type. */
  static String encodePrivateKey(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null));
    } catch (PemGenerationException e) {
      throw new CertsException("cannot encode private key: " + e.getMessage(), e);
    }
  }

  /** Returns the first certificate of {@code pem}; {@code source} names it in error messages. */
  static X509Certificate decodeCertificate(String pem, String source) {
    Object object = readFirst(pem, source);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw new CertsException(source + ": no PEM certificate found");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new CertsException(source + ": invalid certificate: " + e.getMessage(), e);
    }
  }

  /** Accepts PKCS#8 and, for keys written by openssl, the traditional SEC1/PKCS#1 forms. */
  static PrivateKey decodePrivateKey(String pem, String source) {
    Object object = readFirst(pem, source);
    PrivateKeyInfo info;
    if (object instanceof PrivateKeyInfo pkcs8) {
      info = pkcs8;
    } else if (object instanceof PEMKeyPair pair) {
      info = pair.getPrivateKeyInfo();
    } else if (object == null) {
      throw new CertsException(source + ": no PEM private key found");
    } else {
      throw new CertsException(
          source
              + ": unsupported PEM object "
              + object.getClass().getSimpleName()
              + " (expected: unencrypted PKCS#8 private key)");
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException e) {
      throw new CertsException(source + ": invalid private key: " + e.getMessage(), e);
    }
  }

  private static Object readFirst(String pem, String source) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new CertsException(source + ": malformed PEM: " + e.getMessage(), e);
    }
  }

  private static String write(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new CertsException("cannot encode PEM: " + e.getMessage(), e);
    }
    return out.toString();
  }
}
