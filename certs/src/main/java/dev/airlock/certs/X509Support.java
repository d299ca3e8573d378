package dev.airlock.certs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key generation, serials and signing shared by the CA and leaf builders. Uses the JDK's providers
 * only, so nothing is registered globally.
 */
final class X509Support {
  private X509Support() {}

  static KeyPair newP256KeyPair(SecureRandom random) {
    try {
      // A fresh generator per call: KeyPairGenerator instances are not thread-safe.
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CertsException("cannot generate EC P-256 key pair: " + e.getMessage(), e);
    }
  }

  /** 128 random bits: unpredictable serials, and positive and non-zero as RFC 5280 requires. */
  static BigInteger randomSerial(SecureRandom random) {
    BigInteger serial;
    do {
      serial = new BigInteger(128, random);
    } while (serial.signum() == 0);
    return serial;
  }

  static SubjectKeyIdentifier subjectKeyIdentifier(PublicKey key) {
    return extensionUtils().createSubjectKeyIdentifier(key);
  }

  static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new CertsException("SHA-1 unavailable for key identifiers: " + e.getMessage(), e);
    }
  }

  static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder(signatureAlgorithm(signingKey)).build(signingKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException | CertificateException e) {
      throw new CertsException("cannot sign certificate: " + e.getMessage(), e);
    }
  }

  /** True when {@code privateKey} produces signatures that {@code publicKey} verifies. */
  static boolean isKeyPair(PrivateKey privateKey, PublicKey publicKey) {
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      String algorithm = signatureAlgorithm(privateKey);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // Different key types (EC key, RSA certificate) end up here: they cannot be a pair.
      return false;
    }
  }

  /** Operators may bring their own RSA CA, so the algorithm follows the signing key. */
  private static String signatureAlgorithm(PrivateKey key) {
    switch (key.getAlgorithm()) {
      case "EC":
      case "ECDSA":
        return "SHA256withECDSA";
      case "RSA":
        return "SHA256withRSA";
      default:
        throw new CertsException("key algorithm: " + key.getAlgorithm() + " (expected: EC or RSA)");
    }
  }

  /** Rethrows the checked exception BouncyCastle uses for extension encoding problems. */
  static void addExtensions(ExtensionAdder adder) {
    try {
      adder.add();
    } catch (CertIOException e) {
      throw new CertsException("cannot encode certificate extension: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  interface ExtensionAdder {
    void add() throws CertIOException;
  }
}
