package dev.airlock.bench.tls;

import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.LeafCertificate;
import dev.airlock.certs.LeafMinter;
import java.nio.file.Path;

/**
 * The benchmark upstream's own CA and its "localhost" leaf (ECDSA P-256), kept apart from every
 * proxy's CA so that each proxy has to verify the upstream for real.
 *
 * @param dir holds {@code ca.pem}, {@code leaf.pem} (leaf then CA) and {@code leaf.key}
 */
public record UpstreamCertificates(Path dir) {
  public static final String HOST = "localhost";

  public static UpstreamCertificates generate(Path dir) {
    CertificateAuthority ca = CertificateAuthority.generate();
    LeafCertificate leaf = new LeafMinter(ca).mint(HOST);
    UpstreamCertificates files = new UpstreamCertificates(dir);
    PemFiles.write(files.caFile(), ca.exportPem());
    PemFiles.write(files.chainFile(), PemFiles.chain(leaf.chain()));
    PemFiles.write(files.keyFile(), PemFiles.privateKey(leaf.privateKey()));
    return files;
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
}
