package dev.airlock.certs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;

/**
 * Keeps the CA in a directory as {@code ca.pem} (certificate, 0644) and {@code ca.key} (PKCS#8
 * private key, 0600). An existing CA is never replaced except by an explicit {@link #create}.
 */
public final class CaStore {
  public static final String CERT_FILE = "ca.pem";
  public static final String KEY_FILE = "ca.key";

  private static final Set<PosixFilePermission> KEY_MODE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> CERT_MODE =
      PosixFilePermissions.fromString("rw-r--r--");

  private final CaGenerator generator;

  public CaStore() {
    this(Clock.systemUTC());
  }

  public CaStore(Clock clock) {
    this.generator = new CaGenerator(requireNonNull(clock, "clock"), new SecureRandom());
  }

  /**
   * Loads the CA from {@code caDir}, or creates and writes a new one when neither file exists.
   *
   * @throws CertsException if only one of the files exists, or they are unreadable or do not match
   */
  public CertificateAuthority loadOrCreate(Path caDir) {
    requireNonNull(caDir, "caDir");
    boolean hasCert = Files.exists(caDir.resolve(CERT_FILE));
    boolean hasKey = Files.exists(caDir.resolve(KEY_FILE));
    if (hasCert && hasKey) {
      return load(caDir);
    }
    if (hasCert || hasKey) {
      String present = hasCert ? CERT_FILE : KEY_FILE;
      String missing = hasCert ? KEY_FILE : CERT_FILE;
      throw new CertsException(
          caDir
              + " has "
              + present
              + " but no "
              + missing
              + "; refusing to replace a possibly trusted CA (re-create it explicitly)");
    }
    CertificateAuthority ca = generator.generate();
    write(caDir, ca, false);
    return ca;
  }

  /** Loads the CA from {@code caDir}; both files must exist and match. */
  public CertificateAuthority load(Path caDir) {
    requireNonNull(caDir, "caDir");
    Path certFile = caDir.resolve(CERT_FILE);
    Path keyFile = caDir.resolve(KEY_FILE);
    try {
      return new CertificateAuthority(
          Pem.decodePrivateKey(read(keyFile), keyFile.toString()),
          Pem.decodeCertificate(read(certFile), certFile.toString()));
    } catch (CertsException e) {
      throw new CertsException("cannot load CA from " + caDir + ": " + e.getMessage(), e);
    }
  }

  /** Creates a new CA in {@code caDir}, replacing any existing one. */
  public CertificateAuthority create(Path caDir) {
    requireNonNull(caDir, "caDir");
    CertificateAuthority ca = generator.generate();
    write(caDir, ca, true);
    return ca;
  }

  /**
   * Writes {@code ca} to {@code caDir}. An existing CA there is replaced only when {@code replace}
   * is set; otherwise finding one is an error.
   */
  public void save(Path caDir, CertificateAuthority ca, boolean replace) {
    write(requireNonNull(caDir, "caDir"), requireNonNull(ca, "ca"), replace);
  }

  /** Whether {@code caDir} holds a CA certificate or key (complete or not). */
  public static boolean exists(Path caDir) {
    return Files.exists(caDir.resolve(CERT_FILE)) || Files.exists(caDir.resolve(KEY_FILE));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CertsException("cannot read " + file + ": " + e, e);
    }
  }

  /**
   * Writes each file to a temporary sibling, then renames it into place, so readers never see a
   * half-written CA. The key is written before the certificate: a crash in between leaves a lone
   * key, which {@link #loadOrCreate} reports instead of overwriting.
   */
  private static void write(Path caDir, CertificateAuthority ca, boolean replace) {
    Path keyTmp = null;
    Path certTmp = null;
    try {
      Files.createDirectories(caDir);
      boolean posix =
          Files.getFileStore(caDir).supportsFileAttributeView(PosixFileAttributeView.class);
      keyTmp = writeTemp(caDir, Pem.encodePrivateKey(ca.privateKey()), posix, KEY_MODE);
      certTmp = writeTemp(caDir, ca.exportPem(), posix, CERT_MODE);
      moveIntoPlace(keyTmp, caDir.resolve(KEY_FILE), replace);
      moveIntoPlace(certTmp, caDir.resolve(CERT_FILE), replace);
    } catch (FileAlreadyExistsException e) {
      throw new CertsException(
          e.getFile() + " appeared while creating the CA; refusing to overwrite it", e);
    } catch (IOException e) {
      throw new CertsException("cannot write CA to " + caDir + ": " + e, e);
    } finally {
      deleteQuietly(keyTmp);
      deleteQuietly(certTmp);
    }
  }

  /**
   * The file gets its final mode at creation, before any byte is written, so the key is never
   * readable by others, not even briefly. Without POSIX permissions (Windows), the file inherits
   * the ACL of its directory.
   */
  private static Path writeTemp(
      Path dir, String content, boolean posix, Set<PosixFilePermission> mode) throws IOException {
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(KEY_MODE)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, ".ca-", ".tmp", attributes);
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      if (posix && !mode.equals(KEY_MODE)) {
        // Explicit chmod, because the creation mode is narrowed by the process umask.
        Files.setPosixFilePermissions(tmp, mode);
      }
      return tmp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static void moveIntoPlace(Path tmp, Path target, boolean replace) throws IOException {
    if (replace) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else {
      // Without REPLACE_EXISTING the move fails if another process created the CA meanwhile.
      Files.move(tmp, target);
    }
  }

  /** Cleanup only: the temporary file is gone already after a successful move. */
  private static void deleteQuietly(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // The original failure, if any, is the one worth reporting.
    }
  }
}
