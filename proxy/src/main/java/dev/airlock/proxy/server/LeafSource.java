package dev.airlock.proxy.server;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;

/** Supplies the key and certificate chain Airlock presents to an agent for a host. */
@FunctionalInterface
public interface LeafSource {
  /** Completes off the caller's thread when minting is needed. */
  CompletableFuture<KeyMaterial> get(String host);

  /** A private key and its chain, leaf first. */
  record KeyMaterial(PrivateKey key, X509Certificate[] chain) {}
}
