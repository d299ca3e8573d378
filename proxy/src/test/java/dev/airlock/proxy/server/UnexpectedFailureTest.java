package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** A failure inside the proxy still ends its exchange with an answer, never with a silent drop. */
class UnexpectedFailureTest {
  @Test
  void anExceptionWhileDecidingIsAnswered500WithConnectionClose() {
    TestProxyContexts px = new TestProxyContexts(ProxyConfig.defaults());
    ProxyContext b = px.context;
    ProxyContext broken = TestProxyContexts.withDecide(b, (request, agent) -> {
      throw new IllegalStateException("decider bug");
    });
    EmbeddedChannel c = TestProxyContexts.agentChannel(broken);
    try {
      TestProxyContexts.receive(c, "GET http://93.184.216.34/ HTTP/1.1\r\nHost: 93.184.216.34\r\n"
          + TestProxyContexts.AUTH + "\r\n");
      assertThat(TestProxyContexts.written(c)).startsWith("HTTP/1.1 500").contains("\"code\":\"INTERNAL_ERROR\"")
          .containsIgnoringCase("connection: close").doesNotContain("decider bug");
      assertThat(px.traces).singleElement().satisfies(t -> {
        assertThat(t.status()).isEqualTo(500);
        assertThat(t.reasons()).contains(Forwarder.INTERNAL_ERROR);
      });
    } finally {
      c.finishAndReleaseAll();
    }
  }
}
