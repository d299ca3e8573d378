package dev.airlock.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real TLS handshakes over loopback with the JDK's own hostname verification. */
class TlsHandshakeTest {
  private static final char[] PASSWORD = "test".toCharArray();
  private static final int TIMEOUT_MS = 5_000;
  private static final int MARKER = 42;

  private static final CertificateAuthority CA = CertificateAuthority.generate();
  private static final LeafMinter MINTER = new LeafMinter(CA);
  private static final ExecutorService SERVER_THREADS = Executors.newCachedThreadPool();

  @AfterAll
  static void stopServers() {
    SERVER_THREADS.shutdownNow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "127.0.0.1"})
  void clientVerifiesLeafForTheNameItConnectsTo(String host) throws Exception {
    LeafCertificate leaf = MINTER.mint(host);

    assertThat(handshake(leaf, host)).isEqualTo(MARKER);
  }

  @Test
  void clientRejectsLeafForAnotherName() throws Exception {
    LeafCertificate leaf = MINTER.mint("example.com");

    assertThatThrownBy(() -> handshake(leaf, "localhost"))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("localhost");
  }

  @Test
  void clientRejectsLeafFromUntrustedCa() throws Exception {
    LeafCertificate foreign = new LeafMinter(CertificateAuthority.generate()).mint("localhost");

    assertThatThrownBy(() -> handshake(foreign, "localhost"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  /** Serves {@code leaf} on loopback and returns the byte the client reads after handshaking. */
  private static int handshake(LeafCertificate leaf, String clientHost) throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (SSLServerSocket server =
        (SSLServerSocket)
            serverContext(leaf).getServerSocketFactory().createServerSocket(0, 1, loopback)) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(() -> serveOnce(server), SERVER_THREADS);
      int read;
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress(loopback, server.getLocalPort()), TIMEOUT_MS);
        plain.setSoTimeout(TIMEOUT_MS);
        // Layering over a connected socket keeps name resolution out of the test, while the
        // host passed here still drives SNI and endpoint identification.
        try (SSLSocket client =
            (SSLSocket)
                clientContext()
                    .getSocketFactory()
                    .createSocket(plain, clientHost, server.getLocalPort(), true)) {
          SSLParameters parameters = client.getSSLParameters();
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
          client.setSSLParameters(parameters);
          client.startHandshake();
          read = client.getInputStream().read();
        }
      }
      // Only after the client closed: the server's close may wait for the client's close_notify.
      served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return read;
    }
  }

  private static void serveOnce(SSLServerSocket server) {
    try {
      server.setSoTimeout(TIMEOUT_MS);
      try (SSLSocket socket = (SSLSocket) server.accept()) {
        socket.setSoTimeout(TIMEOUT_MS);
        socket.startHandshake();
        socket.getOutputStream().write(MARKER);
        socket.getOutputStream().flush();
      }
    } catch (IOException e) {
      // The client reports the failure that matters; the server side just stops.
    }
  }

  private static SSLContext serverContext(LeafCertificate leaf) throws Exception {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry("leaf", leaf.privateKey(), PASSWORD, leaf.chain());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext clientContext() throws Exception {
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("airlock-ca", CA.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
