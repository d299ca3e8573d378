package dev.airlock.proxy.server;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** Picks BoringSSL through netty-tcnative when it loads, the JDK provider otherwise. */
final class TlsProviders {
  private TlsProviders() {}

  static SslProvider preferred() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }
}
