package dev.airlock.bench.peers;

import dev.airlock.certs.CaStore;
import java.nio.file.Path;

/** A fresh ECDSA P-256 CA for one peer proxy, in {@code dir/ca.pem} + {@code dir/ca.key} (PKCS#8). */
record ProxyCa(Path cert, Path key) {
  static ProxyCa create(Path dir) {
    new CaStore().create(dir);
    return new ProxyCa(dir.resolve(CaStore.CERT_FILE), dir.resolve(CaStore.KEY_FILE));
  }
}
