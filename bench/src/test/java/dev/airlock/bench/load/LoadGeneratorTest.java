package dev.airlock.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.bench.net.Transport;
import dev.airlock.bench.tls.ClientTls;
import dev.airlock.bench.tls.ServerTls;
import dev.airlock.bench.tls.UpstreamCertificates;
import dev.airlock.bench.upstream.UpstreamServer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGeneratorTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir static Path dir;
  static Transport transport;
  static EventLoopGroup group;
  static UpstreamServer upstream;
  static UpstreamCertificates certs;
  static LoadGenerator generator;

  @BeforeAll
  static void start() throws Exception {
    transport = Transport.best();
    certs = UpstreamCertificates.generate(dir.resolve("upstream"));
    upstream = UpstreamServer.start(transport, ServerTls.of(certs), 0, 0, 1);
    group = transport.newGroup(2);
    generator = new LoadGenerator(transport, group);
  }

  @AfterAll
  static void stop() {
    upstream.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static Target plain(int port) {
    return new Target(Route.DIRECT, new InetSocketAddress("127.0.0.1", port), "localhost", port, null, null);
  }

  private static Pacing count(int connections, boolean keepAlive, long requests) {
    return new Pacing(connections, keepAlive, LONG, requests, 0, TIMEOUT);
  }

  @Test
  void fixedCountSendsExactlyThatManyRequests() throws Exception {
    LoadResult r = generator.run(plain(upstream.httpPort()), Workload.post("/json", 1024), count(4, true, 300));

    assertThat(r.outcomes().ok()).isEqualTo(300);
    assertThat(r.outcomes().errors()).isZero();
    assertThat(r.latencyMicros().getTotalCount()).isEqualTo(300);
    assertThat(r.outcomes().connectionsOpened()).isEqualTo(4);
  }

  @Test
  void newConnectionPerRequestOverTlsOpensOneConnectionEach() throws Exception {
    int port = upstream.httpsPort();
    Target tls =
        new Target(Route.DIRECT, new InetSocketAddress("127.0.0.1", port), "localhost", port,
            ClientTls.trusting(certs.caFile()), null);

    LoadResult r = generator.run(tls, Workload.post("/json", 64 * 1024), count(2, false, 40));

    assertThat(r.outcomes().ok()).isEqualTo(40);
    assertThat(r.outcomes().connectionsOpened()).isEqualTo(40);
    assertThat(r.outcomes().errors()).isZero();
  }

  private static Target tls(int port, Protocol protocol, SslContext clientTls) {
    return new Target(Route.DIRECT, new InetSocketAddress("127.0.0.1", port), "localhost", port, clientTls, null, protocol);
  }

  @Test
  void http2RunsOneStreamAtATimeOnEachConnection() throws Exception {
    Target h2 = tls(upstream.httpsPort(), Protocol.H2, ClientTls.trusting(certs.caFile(), true));

    LoadResult r = generator.run(h2, Workload.post("/json", 1024), count(2, true, 200));

    assertThat(r.outcomes().ok()).isEqualTo(200);
    assertThat(r.outcomes().errors()).isZero();
    assertThat(r.outcomes().connectionsOpened()).isEqualTo(2);
  }

  @Test
  void http2AgainstAServerWithoutItIsAConnectFailure() throws Exception {
    SslContext http11Only = SslContextBuilder.forServer(certs.chainFile().toFile(), certs.keyFile().toFile()).build();
    try (UpstreamServer old = UpstreamServer.start(transport, http11Only, 0, 0, 1)) {
      Target h2 = tls(old.httpsPort(), Protocol.H2, ClientTls.trusting(certs.caFile(), true));

      LoadResult r = generator.run(h2, Workload.get("/json"), count(1, true, 3));

      assertThat(r.outcomes().connectFailures()).isEqualTo(3);
      assertThat(r.outcomes().ok()).isZero();
      assertThat(r.firstConnectFailure()).isEqualTo("HTTP/2 not negotiated (ALPN: none)");
    }
  }

  @Test
  void http2StreamClosedWithoutAnswerIsAResetAndTheConnectionStays() throws Exception {
    Target h2 = tls(upstream.httpsPort(), Protocol.H2, ClientTls.trusting(certs.caFile(), true));

    LoadResult r = generator.run(h2, Workload.get("/close"), count(1, true, 10));

    assertThat(r.outcomes().resets()).isEqualTo(10);
    assertThat(r.outcomes().connectionsOpened()).isEqualTo(1);
  }

  @Test
  void webSocketMessagesAreAnsweredByTheEcho() throws Exception {
    Target ws = tls(upstream.httpsPort(), Protocol.WEBSOCKET, ClientTls.trusting(certs.caFile()));

    LoadResult r = generator.run(ws, Workload.post(Protocol.WEBSOCKET_PATH, 1024), count(2, true, 200));

    assertThat(r.outcomes().ok()).isEqualTo(200);
    assertThat(r.outcomes().errors()).isZero();
    assertThat(r.outcomes().connectionsOpened()).isEqualTo(2);
  }

  @Test
  void webSocketUpgradeRefusedElsewhereIsAConnectFailure() throws Exception {
    Target ws = tls(upstream.httpsPort(), Protocol.WEBSOCKET, ClientTls.trusting(certs.caFile()));

    LoadResult r = generator.run(ws, Workload.post("/not-a-socket", 16), count(1, true, 2));

    assertThat(r.outcomes().ok()).isZero();
    assertThat(r.outcomes().connectFailures()).isEqualTo(2);
  }

  @Test
  void serverErrorsAreCountedAsNon2xx() throws Exception {
    LoadResult r = generator.run(plain(upstream.httpPort()), Workload.get("/status/500"), count(3, true, 60));

    assertThat(r.outcomes().non2xx()).isEqualTo(60);
    assertThat(r.outcomes().ok()).isZero();
    assertThat(r.latencyMicros().getTotalCount()).isZero();
  }

  @Test
  void serverClosingWithoutAnswerIsCountedAsReset() throws Exception {
    LoadResult r = generator.run(plain(upstream.httpPort()), Workload.get("/close"), count(2, true, 20));

    assertThat(r.outcomes().resets()).isEqualTo(20);
    assertThat(r.outcomes().completed()).isEqualTo(20);
  }

  @Test
  void refusedConnectionsAreCountedAsConnectFailures() throws Exception {
    int unused;
    try (ServerSocket s = new ServerSocket(0)) {
      unused = s.getLocalPort();
    }
    LoadResult r = generator.run(plain(unused), Workload.get("/json"), count(2, true, 10));

    assertThat(r.outcomes().connectFailures()).isEqualTo(10);
    assertThat(r.outcomes().completed()).isEqualTo(10);
  }

  @Test
  void certificateForAnotherCaIsAConnectFailure() throws Exception {
    UpstreamCertificates other = UpstreamCertificates.generate(dir.resolve("other"));
    int port = upstream.httpsPort();
    Target wrongCa =
        new Target(Route.DIRECT, new InetSocketAddress("127.0.0.1", port), "localhost", port,
            ClientTls.trusting(other.caFile()), null);

    LoadResult r = generator.run(wrongCa, Workload.get("/json"), count(1, true, 3));

    assertThat(r.outcomes().connectFailures()).isEqualTo(3);
    assertThat(r.outcomes().ok()).isZero();
  }

  @Test
  void openLoopIssuesTheRequestLimitAtTheGivenRate() throws Exception {
    Pacing open = new Pacing(4, true, LONG, 50, 500, TIMEOUT);

    LoadResult r = generator.run(plain(upstream.httpPort()), Workload.post("/json", 1024), open);

    assertThat(r.outcomes().ok()).isEqualTo(50);
    // 50 requests due every 2 ms cannot all be done sooner than the schedule allows.
    assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(98));
  }

  @Test
  void rotatingOpenLoopUsesEveryConnection() throws Exception {
    // Warm first, so that no request is slow enough to need a second connection by itself.
    generator.run(plain(upstream.httpPort()), Workload.post("/json", 1024), count(1, true, 200));
    // A request every 10 ms is few enough for one connection; rotating hands them to all eight in turn.
    Pacing rotating = new Pacing(8, true, LONG, 40, 100, TIMEOUT, true);

    LoadResult r = generator.run(plain(upstream.httpPort()), Workload.post("/json", 1024), rotating);

    assertThat(r.outcomes().ok()).isEqualTo(40);
    assertThat(r.outcomes().connectionsOpened()).isEqualTo(8);
  }

  @Test
  void openLoopAgainstAServerThatNeverAnswersEndsWithTimeouts() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // held open, never answered
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.start();
      // 100 requests due within a second, two connections, each request waiting 500 ms for nothing:
      // the backlog cannot be worked off by sending; queued requests past their timeout are timeouts.
      Pacing open = new Pacing(2, true, Duration.ofSeconds(1), 100, 100, Duration.ofMillis(500));

      LoadResult r = generator.run(plain(silent.getLocalPort()), Workload.get("/json"), open);

      assertThat(r.outcomes().timeouts()).isEqualTo(100);
      assertThat(r.outcomes().completed()).isEqualTo(100);
      silent.close();
      acceptor.join();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void requestSentJustBeforeItWentStaleStillEndsWithinTheRun() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // One connection, requests due at 0 and 0.1 s, each waiting 1 s for nothing: the second is sent
      // at 1 s, 0.9 s late but not yet stale, and times out at 2 s, past duration + one timeout.
      LoadGenerator tight = new LoadGenerator(transport, group, Duration.ofMillis(400));
      Pacing open = new Pacing(1, true, Duration.ofMillis(200), 2, 10, Duration.ofSeconds(1));

      LoadResult r = tight.run(plain(silent.getLocalPort()), Workload.get("/json"), open);

      assertThat(r.outcomes().timeouts()).isEqualTo(2);
    }
  }

  @Test
  void streamIsTimedToItsLastEvent() throws Exception {
    LoadResult r = generator.run(plain(upstream.httpPort()), Workload.get("/sse?events=50"), count(2, true, 10));

    assertThat(r.outcomes().ok()).isEqualTo(10);
    assertThat(r.outcomes().errors()).isZero();
  }
}
