package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.EnforcementMode;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** A failure inside the proxy still ends its exchange with an answer, never with a silent drop. */
class UnexpectedFailureTest {
  @Test
  void anExceptionWhileDecidingIsAnswered500WithConnectionClose() {
    TestProxyContexts px = new TestProxyContexts(ProxyConfig.defaults());
    ProxyContext b = px.context;
    RequestDecider failing = new RequestDecider() {
      @Override
      public Verdict decide(InspectedRequest request, AgentContext agent) {
        throw new IllegalStateException("decider bug");
      }

      @Override
      public ToolCall normalize(InspectedRequest request) {
        return b.decider().normalize(request);
      }

      @Override
      public String storedPath(String host, String path) {
        return b.decider().storedPath(host, path);
      }

      @Override
      public EnforcementMode mode(String env) {
        return b.decider().mode(env);
      }
    };
    ProxyContext broken = new ProxyContext(b.config(), b.agents(), b.guard(), b.mitm(), b.upstreamTls(), failing,
        b.traces(), b.passthrough(), b.stats(), b.connectionLimit(), b.upstreamPool());
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
