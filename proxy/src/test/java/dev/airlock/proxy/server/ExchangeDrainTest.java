package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An agent connection while the node drains: idle ones close, busy ones finish their exchange first. */
class ExchangeDrainTest {
  private static final String AUTH = "Proxy-Authorization: "
      + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY) + "\r\n";

  private final TestProxyContexts px = new TestProxyContexts(ProxyConfig.defaults());
  private final ProxyStats stats = px.context.stats();
  private final EmbeddedChannel ch = new EmbeddedChannel(
      new AgentRequestDecoder(ProxyConfig.Limits.defaults()), new HttpResponseEncoder(),
      new ExchangeHandler(px.context, null, NioSocketChannel.class));

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

  /** A request the policy denies: answered without any upstream, on a connection kept alive. */
  private String sendDenied() {
    String body = "{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}";
    return send("POST http://93.184.216.34/submit HTTP/1.1\r\nHost: 93.184.216.34\r\nContent-Length: "
        + body.length() + "\r\n" + AUTH + "\r\n" + body);
  }

  private String send(String raw) {
    ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    ch.runPendingTasks();
    StringBuilder out = new StringBuilder();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      out.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return out.toString();
  }
}
