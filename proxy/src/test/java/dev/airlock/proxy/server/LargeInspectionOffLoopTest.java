package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ConnectTo;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.testing.HttpHeads;
import dev.airlock.proxy.testing.ScriptedOrigin;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A large request is inspected on a worker thread: however long its inspection takes, the other
 * connections of its event loop are served meanwhile. The proxy runs one event loop, so both
 * connections share it; the large request's inspection is held until the small one is answered.
 */
class LargeInspectionOffLoopTest {
  private final ScriptedOrigin origin;
  private final ProxyServer server;
  private final int port;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch largeInspecting = new CountDownLatch(1);

  LargeInspectionOffLoopTest() throws Exception {
    origin = new ScriptedOrigin(null);
    ProxyConfig d = ProxyConfig.defaults();
    ProxyConfig.Limits l = d.limits();
    ProxyConfig config = new ProxyConfig("127.0.0.1", 0, d.inspectMaxBytes(), d.oversizePolicy(), d.allowedPorts(),
        d.passthroughHosts(), d.allowPrivate(), List.of(ConnectTo.parse("h.test:80:127.0.0.1:" + origin.port())),
        null, d.timeouts(), new ProxyConfig.Limits(l.maxInitialLineBytes(), l.maxHeaderBytes(), l.maxHeaderCount(),
            l.maxConnectionsPerAgent(), 1, l.maxIdleUpstream(), 0, 0, 0),
        d.orgDomains(), d.orgGithubOwners(), null);
    TestProxyContexts px = new TestProxyContexts(config);
    ProxyContext b = px.context;
    ProxyContext slow = TestProxyContexts.withDecide(b, (request, agent) -> {
      if (request.body().length >= InspectionWorkers.OFFLOAD_BYTES) {
        largeInspecting.countDown();
        try {
          release.await(30, TimeUnit.SECONDS); // an inspection that takes as long as it takes
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return b.decider().decide(request, agent);
    });
    server = new ProxyServer(slow);
    port = server.start().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    server.close();
    origin.close();
  }

  private static void send(OutputStream out, String body) throws Exception {
    out.write(("POST http://h.test/upload HTTP/1.1\r\nHost: h.test\r\nProxy-Authorization: "
        + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY) + "\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Test
  void otherConnectionsAreServedWhileALargeRequestIsInspected() throws Exception {
    try (Socket large = new Socket("127.0.0.1", port); Socket small = new Socket("127.0.0.1", port)) {
      large.setSoTimeout(30_000);
      small.setSoTimeout(10_000);
      send(large.getOutputStream(), "x".repeat(InspectionWorkers.OFFLOAD_BYTES + 10));
      assertThat(largeInspecting.await(10, TimeUnit.SECONDS)).as("the large request reached inspection").isTrue();

      send(small.getOutputStream(), "{\"n\":1}");
      InputStream smallIn = new BufferedInputStream(small.getInputStream());
      assertThat(HttpHeads.read(smallIn)).as("answered while the large one is still being inspected")
          .startsWith("HTTP/1.1 200");
      assertThat(release.getCount()).isEqualTo(1);

      release.countDown();
      InputStream largeIn = new BufferedInputStream(large.getInputStream());
      assertThat(HttpHeads.read(largeIn)).startsWith("HTTP/1.1 200");
    }
    assertThat(origin.received()).hasSize(2);
  }
}
