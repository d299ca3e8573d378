package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.TestProxyContexts.AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An agent connection while the node drains: idle ones close, busy ones finish their exchange first. */
class ExchangeDrainTest {
  private final TestProxyContexts px = new TestProxyContexts(ProxyConfig.defaults());
  private final ProxyStats stats = px.context.stats();
  private final EmbeddedChannel ch = px.agentChannel();

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  @Test
  void anIdleConnectionClosesWhenTheDrainBegins() {
    // One finished exchange (answered by the proxy itself); the connection is now between requests.
    assertThat(sendDenied()).startsWith("HTTP/1.1 403").doesNotContainIgnoringCase("connection: close");
    assertThat(ch.isOpen()).isTrue();
    assertThat(stats.exchangesInProgress()).isZero();

    stats.startDraining();
    ch.pipeline().fireUserEventTriggered(ProxyServer.DRAIN);
    ch.runPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aConnectionWithAnExchangeInProgressStaysOpenUntilItEnds() {
    // The body has not arrived: the exchange is in progress.
    send("POST http://93.184.216.34/ HTTP/1.1\r\nHost: 93.184.216.34\r\nContent-Length: 10\r\n" + AUTH + "\r\n");
    assertThat(stats.exchangesInProgress()).isEqualTo(1);

    stats.startDraining();
    ch.pipeline().fireUserEventTriggered(ProxyServer.DRAIN);
    ch.runPendingTasks();
    assertThat(ch.isOpen()).isTrue();

    ch.close();
    assertThat(stats.exchangesInProgress()).as("an abandoned exchange is over too").isZero();
  }

  @Test
  void whileDrainingEveryAnswerSaysConnectionCloseAndTheConnectionEnds() {
    stats.startDraining();
    assertThat(sendDenied()).startsWith("HTTP/1.1 403").containsIgnoringCase("connection: close");
    assertThat(ch.isOpen()).isFalse();
    assertThat(stats.exchangesInProgress()).isZero();
  }

  private String sendDenied() {
    return send(TestProxyContexts.DENIED_REQUEST);
  }

  private String send(String raw) {
    TestProxyContexts.receive(ch, raw);
    return TestProxyContexts.written(ch);
  }
}
