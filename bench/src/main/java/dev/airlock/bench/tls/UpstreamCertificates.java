package dev.airlock.bench.tls;

import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.LeafCertificate;
import dev.airlock.certs.LeafMinter;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark upstream's own CA and its "localhost" leaf (ECDSA P-256), kept apart from every
 * proxy's CA so that each proxy has to verify the upstream for real.
 *
 * @param dir holds {@code ca.pem}, {@code leaf.pem} (leaf then CA) and {@code leaf.key}
 */
public record UpstreamCertificates(Path dir) {
  public static final String HOST = "localhost";

  public static UpstreamCertificates generate(Path dir) {
    return generate(dir, List.of());
  }

  /** The CA, the "localhost" leaf, and a leaf of its own for each further host name (served by SNI). */
  public static UpstreamCertificates generate(Path dir, List<String> moreHosts) {
    CertificateAuthority ca = CertificateAuthority.generate();
    LeafMinter minter = new LeafMinter(ca);
    UpstreamCertificates files = new UpstreamCertificates(dir);
    PemFiles.write(files.caFile(), ca.exportPem());
    write(minter.mint(HOST), files.chainFile(), files.keyFile());
    for (String host : moreHosts) {
      write(minter.mint(host), files.chainFile(host), files.keyFile(host));
    }
    return files;
  }

  private static void write(LeafCertificate leaf, Path chain, Path key) {
    PemFiles.write(chain, PemFiles.chain(leaf.chain()));
    PemFiles.write(key, PemFiles.privateKey(leaf.privateKey()));
  }

  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  public Path chainFile() {
    return dir.resolve("leaf.pem");
  }

  public Path keyFile() {
    return dir.resolve("leaf.key");
  }

  /** The leaf of another host name (leaf then CA). */
  public Path chainFile(String host) {
    return dir.resolve("hosts").resolve(host + ".pem");
  }

  public Path keyFile(String host) {
    return dir.resolve("hosts").resolve(host + ".key");
  }
}
