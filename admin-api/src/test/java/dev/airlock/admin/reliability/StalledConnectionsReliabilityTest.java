package dev.airlock.admin.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.e2e.RecordingUpstream;
import dev.airlock.admin.e2e.StalledConnections;
import dev.airlock.admin.e2e.TestPki;
import dev.airlock.admin.store.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of connections to a node in its own process, stalled in every state a connection can
 * stall in, are each closed by the deadline of that state while a well-behaved agent's requests
 * keep succeeding; the node's descriptors go back to what they were.
 */
@Tag("reliability")
class StalledConnectionsReliabilityTest {
  private static final long DEADLINE_MS = 2_000;
  /** Scheduling slack on a slow, shared machine, on top of the deadline. */
  private static final long MARGIN_MS = 6_000;
  private static final int PER_KIND = 75;
  /** One source address per kind of stall keeps each under the default cap per source (256). */
  private static final String[] SOURCES = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};

  @TempDir
  Path dir;

  @Test
  void connectionsStalledInEveryStateAreClosedByTheirDeadlineWhileAnAgentKeepsWorking() throws Exception {
    TestPki pki = new TestPki();
    Path config = Files.writeString(dir.resolve("airlock.yaml"),
        "proxy:\n  timeouts:\n    header_read: 2s\n    tls_handshake: 2s\n    idle: 60s\n");
    try (RecordingUpstream api = new RecordingUpstream(pki.serverContext("api.example.com"));
        RecordingUpstream plain = new RecordingUpstream(null);
        NodeProcess node = NodeProcess.builder(dir.resolve("data")).config(config)
            .upstreamTrust(pki)
            .connectTo("api.example.com:443:127.0.0.1:" + api.port())
            .connectTo("plain.example.com:80:127.0.0.1:" + plain.port()).start()) {
      assertThat(agentRequest(node, 0)).isEqualTo(200);
      long descriptorsBefore = descriptors(node);
      String auth = "Proxy-Authorization: Basic " + Base64.getEncoder()
          .encodeToString(("local-agent:" + node.agentKey()).getBytes(StandardCharsets.UTF_8)) + "\r\n";
      String connect = "CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n" + auth + "\r\n";
      byte[] partialRecord = {0x16, 0x03, 0x01, 0x00}; // a TLS handshake record header, one byte short
      String head = "GET http://plain.example.com/slow HTTP/1.1\r\nHost: plain.example.com\r\nUser-Agent: "
          + "x".repeat(200) + "\r\n\r\n";
      String bodyStalls = "POST http://plain.example.com/upload HTTP/1.1\r\nHost: plain.example.com\r\n" + auth
          + "Content-Length: 100\r\n\r\n0123456789";

      try (StalledConnections stalled = new StalledConnections(node.proxyPort(), Duration.ofSeconds(1))) {
        List<StalledConnections.Conn> conns = new ArrayList<>();
        for (int i = 0; i < PER_KIND; i++) {
          conns.add(stalled.silent(source(0)));
          conns.add(stalled.after("tunnel-silent", source(1), connect, new byte[0]));
          conns.add(stalled.after("tunnel-partial-record", source(2), connect, partialRecord));
          conns.add(stalled.trickling(source(3), head));
          if (i % 10 == 0) {
            conns.add(stalled.after("body-stalls", source(0), bodyStalls, new byte[0]));
          }
        }
        for (int i = 1; i <= 3; i++) {
          assertThat(agentRequest(node, i)).as("agent request " + i + " among the stalled").isEqualTo(200);
        }

        stalled.awaitClosed(conns, Duration.ofMillis(DEADLINE_MS + MARGIN_MS));
        assertThat(conns).hasSizeGreaterThan(300);
        // Closed by the deadline, not at once (the lower bound allows for the client's own set-up).
        assertThat(conns.stream().filter(c -> !c.closed() || c.millisOpen() < DEADLINE_MS / 2
            || c.millisOpen() > DEADLINE_MS + MARGIN_MS).map(Object::toString).toList())
            .as("stalled connections not closed within %d..%d ms", DEADLINE_MS / 2, DEADLINE_MS + MARGIN_MS)
            .isEmpty();
        assertThat(conns.stream().filter(c -> c.kind.equals("body-stalls")))
            .allSatisfy(c -> assertThat(c.received()).startsWith("HTTP/1.1 408"));
      }
      assertThat(agentRequest(node, 4)).as("after the stalled connections").isEqualTo(200);
      Poll.until(Duration.ofSeconds(15), "the node's descriptors back near " + descriptorsBefore,
          () -> descriptors(node) <= descriptorsBefore + 20);
      assertThat(api.received().stream().filter(r -> r.uri().startsWith("/meanwhile/")).count()).isEqualTo(5);
      assertThat(plain.received()).as("nothing of a stalled request reached the origin").isEmpty();
      assertThat(node.leakReports()).isEmpty();
    }
  }

  private static InetAddress source(int kind) throws IOException {
    return InetAddress.getByName(SOURCES[kind]);
  }

  private static int agentRequest(NodeProcess node, int n) {
    ProxiedCurl r = ProxiedCurl.get(node, "https://api.example.com/meanwhile/" + n);
    assertThat(r.exit()).as(r.toString()).isZero();
    return r.status();
  }

  /** Open file descriptors of the node's process. */
  private static long descriptors(NodeProcess node) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(node.pid()), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new AssertionError("cannot list the node's descriptors", e);
    }
  }
}
