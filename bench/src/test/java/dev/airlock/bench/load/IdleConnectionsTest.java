package dev.airlock.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.bench.net.Transport;
import dev.airlock.bench.tls.ClientTls;
import dev.airlock.bench.tls.ServerTls;
import dev.airlock.bench.tls.UpstreamCertificates;
import dev.airlock.bench.upstream.UpstreamServer;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held connections against the benchmark's own upstream, over verified TLS, one certificate per SNI name. */
class IdleConnectionsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String OTHER_HOST = "api-1.soak.test";

  @TempDir static Path dir;
  static Transport transport;
  static EventLoopGroup group;
  static UpstreamCertificates certs;
  static UpstreamServer upstream;
  static UpstreamServer closingUpstream;

  @BeforeAll
  static void start() throws Exception {
    transport = Transport.best();
    certs = UpstreamCertificates.generate(dir.resolve("upstream"), List.of(OTHER_HOST));
    upstream = UpstreamServer.start(transport, ServerTls.byName(certs, List.of(OTHER_HOST)), 0, 0, 1, Duration.ZERO);
    closingUpstream = UpstreamServer.start(transport, ServerTls.byName(certs, List.of(OTHER_HOST)), 0, 0, 1,
        Duration.ofMillis(500));
    group = transport.newGroup(2);
  }

  @AfterAll
  static void stop() {
    upstream.close();
    closingUpstream.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static Target tls(UpstreamServer server, String host) {
    int port = server.httpsPort();
    return new Target(Route.DIRECT, new InetSocketAddress("127.0.0.1", port), host, port,
        ClientTls.trusting(certs.caFile()), null);
  }

  private static void await(LongSupplier value, long expected) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (value.getAsLong() != expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertThat(value.getAsLong()).isEqualTo(expected);
  }

  @Test
  void opensHoldsReusesAndClosesEveryConnection() throws Exception {
    try (IdleConnections held = new IdleConnections(transport, group, tls(upstream, OTHER_HOST), Workload.post("/x", 1024), TIMEOUT)) {
      Outcomes opened = held.open(40, 400, 8);

      assertThat(opened.ok()).isEqualTo(40);
      assertThat(opened.errors()).isZero();
      assertThat(held.openCount()).isEqualTo(40);

      Outcomes second = held.requestOnEach(1000, 8);

      assertThat(second.ok()).isEqualTo(40);
      assertThat(held.openCount()).isEqualTo(40);
      assertThat(held.closedByPeer()).isZero();

      held.close();

      assertThat(held.openCount()).isZero();
      assertThat(held.closedByPeer()).isZero();
    }
  }

  @Test
  void failedFirstRequestsAreNotHeld() throws Exception {
    try (IdleConnections held = new IdleConnections(transport, group, tls(upstream, "localhost"), Workload.get("/status/503"), TIMEOUT)) {
      Outcomes opened = held.open(5, 100, 2);

      assertThat(opened.non2xx()).isEqualTo(5);
      assertThat(opened.ok()).isZero();
      assertThat(held.openCount()).isZero();
      assertThat(held.refusals()).containsExactly(java.util.Map.entry(503, 5L));
      assertThat(held.requestOnEach(100, 2).completed()).isZero();
    }
  }

  @Test
  void certificateOfAnotherNameIsAConnectFailure() throws Exception {
    // The upstream offers its "localhost" certificate for a name it has none for: the client refuses it.
    try (IdleConnections held = new IdleConnections(transport, group, tls(upstream, "api-9.soak.test"), Workload.get("/x"), TIMEOUT)) {
      assertThat(held.open(3, 100, 3).connectFailures()).isEqualTo(3);
    }
  }

  @Test
  void connectionsTheServerClosesAreCountedAndNoLongerHeld() throws Exception {
    try (IdleConnections held = new IdleConnections(transport, group, tls(closingUpstream, OTHER_HOST), Workload.get("/x"), TIMEOUT)) {
      assertThat(held.open(6, 100, 6).ok()).isEqualTo(6);

      await(held::closedByPeer, 6);

      assertThat(held.openCount()).isZero();
      Outcomes second = held.requestOnEach(100, 6);
      assertThat(second.resets()).isEqualTo(6);
    }
  }
}
