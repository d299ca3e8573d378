package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.TestProxyContexts.AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline of each state of an agent connection, on an EmbeddedChannel whose clock the test
 * moves: header_read 4 s, tls_handshake 4 s and idle 20 s, checked every 2 s, so a deadline fires
 * between its timeout and one and a half times it.
 */
class ConnectionDeadlineTest {
  private final TestProxyContexts px = new TestProxyContexts(config());
  private final EmbeddedChannel ch = new EmbeddedChannel();
  private long elapsedMillis;

  {
    ch.freezeTime();
    // Named as ClientInitializer names them: a CONNECT replaces handlers by name.
    ch.pipeline().addLast("deadline", new ConnectionDeadline(px.context.config().timeouts()))
        .addLast("decoder", new AgentRequestDecoder(ProxyConfig.Limits.defaults()))
        .addLast("encoder", new HttpResponseEncoder())
        .addLast("exchange", new ExchangeHandler(px.context, null, NioSocketChannel.class));
  }

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  private static ProxyConfig config() {
    ProxyConfig d = ProxyConfig.defaults();
    ProxyConfig.Timeouts t = d.timeouts();
    return new ProxyConfig(d.listenHost(), 0, d.inspectMaxBytes(), d.oversizePolicy(), d.allowedPorts(),
        d.passthroughHosts(), d.allowPrivate(), d.connectTo(), null,
        new ProxyConfig.Timeouts(t.connect(), Duration.ofSeconds(4), Duration.ofSeconds(20), Duration.ofSeconds(4),
            t.upstreamResponse()),
        d.limits(), d.orgDomains(), d.orgGithubOwners(), null);
  }

  private void advance(long millis) {
    elapsedMillis += millis;
    ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    ch.runPendingTasks();
  }

  /** Advances in 100 ms steps until the channel closes; returns the time taken. */
  private long millisUntilClosed(long atMost) {
    long start = elapsedMillis;
    while (ch.isOpen() && elapsedMillis - start < atMost) {
      advance(100);
    }
    assertThat(ch.isOpen()).as("closed within " + atMost + " ms").isFalse();
    return elapsedMillis - start;
  }

  /** Advances in 100 ms steps until the channel writes something, for at most {@code atMost} ms; returns it. */
  private String outputWithin(long atMost) {
    long start = elapsedMillis;
    String out = "";
    while (out.isEmpty() && elapsedMillis - start < atMost) {
      advance(100);
      out = output();
    }
    return out;
  }

  private void write(String s) {
    TestProxyContexts.receive(ch, s);
  }

  private String output() {
    return TestProxyContexts.written(ch);
  }

  @Test
  void checksRunAtHalfTheShortestTimeout() {
    assertThat(new ConnectionDeadline(px.context.config().timeouts()).periodNanos())
        .isEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void aConnectionThatSendsNothingIsClosedSilentlyAfterTheHeaderReadTimeout() {
    assertThat(millisUntilClosed(10_000)).isBetween(4_000L, 6_000L);
    assertThat(output()).isEmpty();
  }

  @Test
  void aTrickledHeadGets408FromItsFirstByteHoweverOftenBytesArrive() {
    String head = "GET http://93.184.216.34/ HTTP/1.1\r\nHost: 93.184.216.34\r\n" + AUTH;
    int i = 0;
    String out = "";
    while (out.isEmpty() && elapsedMillis < 10_000) {
      write(head.substring(i, i + 1));
      i++;
      advance(500);
      out = output();
    }
    assertThat(out).startsWith("HTTP/1.1 408").contains("REQUEST_TIMEOUT");
    assertThat(elapsedMillis).isBetween(4_000L, 6_000L);
  }

  @Test
  void aBodyThatKeepsComingIsNotCutButOneThatStopsGets408() {
    write("POST http://93.184.216.34/ HTTP/1.1\r\nHost: 93.184.216.34\r\nContent-Length: 10\r\n" + AUTH + "\r\n");
    for (int i = 0; i < 6; i++) {
      advance(3_000); // under the header-read timeout between bytes, 18 s in all
      write("x");
    }
    assertThat(output()).isEmpty();
    long stalled = elapsedMillis;
    String out = outputWithin(10_000);
    assertThat(out).startsWith("HTTP/1.1 408");
    assertThat(elapsedMillis - stalled).isBetween(4_000L, 6_000L);
  }

  @Test
  void anAuthenticatedKeptAliveConnectionRestsForTheIdleTimeoutNotTheHeaderDeadline() {
    // A denied request answered locally keeps the connection open: it has authenticated.
    write(TestProxyContexts.DENIED_REQUEST);
    assertThat(output()).startsWith("HTTP/1.1 403");
    advance(10_000);
    assertThat(ch.isOpen()).as("quiet for more than header_read, less than idle").isTrue();
    long closedAfter = 10_000 + millisUntilClosed(20_000);
    assertThat(closedAfter).isBetween(20_000L, 23_000L);
    assertThat(output()).isEmpty();
  }

  @Test
  void aHeadBegunOnAKeptAliveConnectionHasTheHeaderDeadline() {
    write(TestProxyContexts.DENIED_REQUEST);
    assertThat(output()).startsWith("HTTP/1.1 403");
    advance(8_000);
    write("GET http://93.184.216.34/ HTTP/1.1\r\n");
    long begun = elapsedMillis;
    String out = outputWithin(10_000);
    assertThat(out).startsWith("HTTP/1.1 408");
    assertThat(elapsedMillis - begun).isBetween(4_000L, 6_000L);
  }

  @Test
  void aTunnelAnswered200WithoutAClientHelloIsClosedAfterTheHandshakeTimeout() {
    write("CONNECT 93.184.216.34:443 HTTP/1.1\r\nHost: 93.184.216.34:443\r\n" + AUTH + "\r\n");
    assertThat(output()).startsWith("HTTP/1.1 200");
    assertThat(millisUntilClosed(10_000)).isBetween(4_000L, 6_000L);
  }

  @Test
  void aTunnelWithAPartialTlsRecordIsClosedAfterTheHandshakeTimeout() {
    write("CONNECT 93.184.216.34:443 HTTP/1.1\r\nHost: 93.184.216.34:443\r\n" + AUTH + "\r\n");
    assertThat(output()).startsWith("HTTP/1.1 200");
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x00}));
    assertThat(millisUntilClosed(10_000)).isBetween(4_000L, 6_000L);
  }

  @Test
  void theCheckStopsWithTheConnection() {
    ch.close();
    ch.runPendingTasks();
    assertThat(ch.runScheduledPendingTasks()).as("no check left scheduled").isEqualTo(-1);
  }
}
