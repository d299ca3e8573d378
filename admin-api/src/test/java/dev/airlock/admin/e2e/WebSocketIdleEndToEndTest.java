package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket lives by the proxy's idle timeout: traffic either way keeps it open past that time,
 * and a socket quiet both ways for it is closed on both sides.
 */
class WebSocketIdleEndToEndTest {
  private static final String HOST = "idle.example.com";
  static AirlockHarness h;
  static WebSocketUpstream upstream;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("proxy:\n  timeouts:\n    idle: 2s\n");
    upstream = new WebSocketUpstream(h.pki.serverContext(HOST));
    h.route(HOST + ":443", upstream.port());
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (upstream != null) {
      upstream.close();
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void trafficKeepsItOpenAndQuietClosesIt() throws Exception {
    WebSocketEndToEndTest.Seen seen = new WebSocketEndToEndTest.Seen();
    WebSocket ws = h.jdkClient(h.agentKey).newWebSocketBuilder()
        .buildAsync(URI.create("wss://" + HOST + "/"), seen).get(20, TimeUnit.SECONDS);
    long start = System.nanoTime();
    int sent = 0;
    while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(5000)) {
      ws.sendText("tick " + sent++, true).get(10, TimeUnit.SECONDS);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
    assertThat(seen.closed).as("open past the idle timeout while messages flow").isNotDone();
    assertThat(upstream.received).hasSize(sent);
    String closed = seen.closed.get(10, TimeUnit.SECONDS);
    assertThat(closed).isNotNull();
    assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(5000 + 1000));
  }
}
