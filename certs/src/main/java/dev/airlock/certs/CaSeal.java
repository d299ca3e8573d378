package dev.airlock.certs;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the CA's private key with a key every node of a deployment is given, so that the CA can
 * be kept where all nodes read it (the database) without that place being able to mint.
 *
 * <p>AES-256-GCM from the JDK. A sealed key is {@code version (1) | nonce (12) | ciphertext+tag};
 * the CA certificate is the associated data, so a sealed key only opens together with the
 * certificate it was sealed with.
 */
public final class CaSeal {
  public static final int KEY_BYTES = 32;
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** @param key 32 random bytes */
  public CaSeal(byte[] key) {
    requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new CertsException("CA key: " + key.length + " bytes (expected: " + KEY_BYTES + ")");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /**
   * Reads a key written as base64 (standard or URL-safe, padding optional), such as the output of
   * {@code openssl rand -base64 32}.
   *
   * @param source names where the text came from, for the error message
   */
  public static CaSeal fromBase64(String text, String source) {
    requireNonNull(source, "source");
    String trimmed = text == null ? "" : text.strip();
    byte[] bytes;
    try {
      bytes = trimmed.contains("-") || trimmed.contains("_")
          ? Base64.getUrlDecoder().decode(trimmed)
          : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new CertsException(source + ": not base64 (expected: 32 random bytes in base64, e.g. from"
          + " 'openssl rand -base64 32')");
    }
    if (bytes.length != KEY_BYTES) {
      throw new CertsException(source + ": " + bytes.length + " bytes (expected: 32 random bytes in base64,"
          + " e.g. from 'openssl rand -base64 32')");
    }
    try {
      return new CaSeal(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The CA's private key, encrypted and bound to its certificate. */
  public byte[] seal(CertificateAuthority ca) {
    requireNonNull(ca, "ca");
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] plain = ca.privateKey().getEncoded();
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, ca.certificate());
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new CertsException("cannot encrypt the CA key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * The CA whose key {@link #seal} sealed with this certificate.
   *
   * @throws CertsException if this key did not seal it (another deployment key), or it was sealed
   *     with another certificate, or the bytes are damaged
   */
  public CertificateAuthority open(byte[] sealed, String certificatePem) {
    requireNonNull(sealed, "sealed");
    X509Certificate certificate = Pem.decodeCertificate(requireNonNull(certificatePem, "certificatePem"),
        "stored CA certificate");
    if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new CertsException("the stored CA key is not in a format this version reads");
    }
    byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
    byte[] plain = null;
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, certificate);
      plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
      KeyFactory factory = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm());
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(plain));
      return new CertificateAuthority(privateKey, certificate);
    } catch (AEADBadTagException e) {
      throw new CertsException("the CA key given does not open the stored CA key (another key sealed it)", e);
    } catch (GeneralSecurityException e) {
      throw new CertsException("cannot decrypt the stored CA key: " + e.getMessage(), e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private Cipher cipher(int mode, byte[] nonce, X509Certificate certificate) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    try {
      cipher.updateAAD(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new CertsException("cannot encode the CA certificate: " + e.getMessage(), e);
    }
    return cipher;
  }

  @Override
  public String toString() {
    return "CaSeal[***]";
  }
}
