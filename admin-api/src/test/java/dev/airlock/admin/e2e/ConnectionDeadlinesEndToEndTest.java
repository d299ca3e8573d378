package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.testing.HttpHeads;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every state an agent connection can stall in has a deadline: hundreds of connections stalled
 * in each state are closed by it while a well-behaved agent keeps working, and a quiet tunnel
 * after its TLS handshake lives for the idle timeout, not for the header-read deadline.
 */
class ConnectionDeadlinesEndToEndTest {
  private static final long HEADER_READ_MS = 2_000;
  private static final long HANDSHAKE_MS = 2_000;
  /** Scheduling slack on a slow, shared machine, on top of each deadline. */
  private static final long MARGIN_MS = 4_000;
  private static final int PER_KIND = 200;

  static AirlockHarness h;
  static RecordingUpstream api;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("proxy:\n  timeouts:\n    header_read: 2s\n    tls_handshake: 2s\n    idle: 30s\n"
        + "  limits:\n    max_unauthenticated_per_source: 2000\n    max_unauthenticated_connections: 4000\n");
    api = h.https("api.example.com");
    h.http("plain.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void connectionsStalledInEveryStateAreClosedByTheirDeadlineWhileAnAgentKeepsWorking() throws Exception {
    InetAddress local = InetAddress.getLoopbackAddress();
    String connect = "CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n" + h.authHeader() + "\r\n";
    // The start of a TLS handshake record, one byte short of its header.
    byte[] partialRecord = {0x16, 0x03, 0x01, 0x00};
    String head = "GET http://plain.example.com/slow HTTP/1.1\r\nHost: plain.example.com\r\nUser-Agent: "
        + "x".repeat(200) + "\r\n\r\n";
    String bodyStalls = "POST http://plain.example.com/upload HTTP/1.1\r\nHost: plain.example.com\r\n" + h.authHeader()
        + "Content-Length: 100\r\n\r\n0123456789";
    try (StalledConnections stalled = new StalledConnections(h.proxyPort(), Duration.ofMillis(500))) {
      List<StalledConnections.Conn> byHeader = new ArrayList<>();
      List<StalledConnections.Conn> byHandshake = new ArrayList<>();
      for (int i = 0; i < PER_KIND; i++) {
        byHeader.add(stalled.silent(local));
        byHandshake.add(stalled.after("tunnel-silent", local, connect, new byte[0]));
        byHandshake.add(stalled.after("tunnel-partial-record", local, connect, partialRecord));
        byHeader.add(stalled.trickling(local, head));
        if (i % 10 == 0) {
          byHeader.add(stalled.after("body-stalls", local, bodyStalls, new byte[0]));
        }
      }
      for (int i = 0; i < 3; i++) {
        Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "20", "-o", "/dev/null",
            "-w", "%{http_code}", "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(),
            "https://api.example.com/meanwhile/" + i));
        assertThat(r.stdout()).as(r.toString()).isEqualTo("200");
      }
      stalled.awaitClosed(stalled.all(), Duration.ofMillis(Math.max(HEADER_READ_MS, HANDSHAKE_MS) + MARGIN_MS));
      // Closed by the deadline, not at once (the lower bound allows for the client's own set-up time).
      assertThat(byHeader).allSatisfy(c -> {
        assertThat(c.closed()).as(c.toString()).isTrue();
        assertThat(c.millisOpen()).as(c.toString()).isBetween(HEADER_READ_MS / 2, HEADER_READ_MS + MARGIN_MS);
      });
      assertThat(byHandshake).allSatisfy(c -> {
        assertThat(c.closed()).as(c.toString()).isTrue();
        assertThat(c.millisOpen()).as(c.toString()).isBetween(HANDSHAKE_MS / 2, HANDSHAKE_MS + MARGIN_MS);
      });
      assertThat(byHeader.stream().filter(c -> c.kind.equals("body-stalls")))
          .allSatisfy(c -> assertThat(c.received()).startsWith("HTTP/1.1 408"));
    }
    assertThat(api.received().stream().filter(r -> r.uri().startsWith("/meanwhile/")).count()).isEqualTo(3);
  }

  @Test
  void aTunnelQuietAfterItsHandshakeLivesForTheIdleTimeoutNotTheHeaderDeadline() throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.proxyPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n" + h.authHeader() + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(HttpHeads.read(s.getInputStream())).startsWith("HTTP/1.1 200");
      SSLSocket tls = (SSLSocket) h.airlockTrust().getSocketFactory().createSocket(s, "api.example.com", 443, true);
      SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
      // Quiet for twice the header-read deadline: nothing may arrive, the tunnel must stay open.
      tls.setSoTimeout((int) (2 * HEADER_READ_MS));
      int got;
      try {
        got = tls.getInputStream().read();
      } catch (SocketTimeoutException expected) {
        got = -2;
      }
      assertThat(got).as("the proxy neither answered nor closed the quiet tunnel").isEqualTo(-2);
      tls.setSoTimeout(10_000);
      tls.getOutputStream().write("GET /after-quiet HTTP/1.1\r\nHost: api.example.com\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      tls.getOutputStream().flush();
      assertThat(HttpHeads.read(tls.getInputStream())).startsWith("HTTP/1.1 200");
    }
  }
}
