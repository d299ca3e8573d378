package dev.airlock.admin.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import dev.airlock.admin.e2e.RecordingUpstream;
import dev.airlock.admin.e2e.TestPki;
import dev.airlock.admin.store.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM stops a node gracefully: the listener closes at once, idle keep-alive connections are
 * closed, exchanges in progress finish (their answers say {@code Connection: close}) and are
 * traced, and the process exits 0.
 */
@Tag("reliability")
class GracefulStopReliabilityTest {
  private static final String SLOW_BODY = "{\"answer\":\"worth the wait\"}";

  @TempDir
  Path dir;

  @Test
  void exchangesInProgressFinishWhileNewConnectionsAreRefused() throws Exception {
    TestPki pki = new TestPki();
    CountDownLatch answer = new CountDownLatch(1);
    try (RecordingUpstream tls = new RecordingUpstream(pki.serverContext("api.example.com"));
        RecordingUpstream plain = new RecordingUpstream(null)) {
      tls.on("/slow", answeringWhen(answer));
      plain.on("/slow", answeringWhen(answer));
      NodeProcess.Builder builder = NodeProcess.builder(dir.resolve("data")).upstreamTrust(pki)
          .connectTo("api.example.com:443:127.0.0.1:" + tls.port())
          .connectTo("plain.example.com:80:127.0.0.1:" + plain.port())
          .args("--shutdown-grace", "60s");
      String[] traceIds = new String[2];
      try (NodeProcess node = builder.start()) {
        String key = node.agentKey();
        KeepAliveConnection idle = new KeepAliveConnection(node.proxyPort(), "local-agent", key);
        idle.send("http://plain.example.com/fast");
        KeepAliveConnection.Response first = idle.read();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("connection")).isNull(); // kept alive

        KeepAliveConnection busy = new KeepAliveConnection(node.proxyPort(), "local-agent", key);
        busy.send("http://plain.example.com/slow");
        CompletableFuture<ProxiedCurl> curl = CompletableFuture.supplyAsync(() -> ProxiedCurl.get(node,
            "https://api.example.com/slow"));
        Poll.until(Duration.ofSeconds(30), "both slow requests to reach their origins",
            () -> !tls.received().isEmpty() && plain.received().stream().anyMatch(r -> r.uri().equals("/slow")));

        node.sigterm();
        Poll.until(Duration.ofSeconds(15), "the proxy to refuse new connections", () -> refused(node.proxyPort()));
        assertThat(idle.closedWithin(Duration.ofSeconds(15))).as("idle keep-alive connection closed").isTrue();
        assertThat(curl).as("the exchanges are still in progress").isNotDone();
        assertThat(node.isAlive()).isTrue();

        answer.countDown();
        KeepAliveConnection.Response slow = busy.read();
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.body()).isEqualTo(SLOW_BODY);
        assertThat(slow.header("connection")).isEqualToIgnoringCase("close");
        assertThat(busy.closedWithin(Duration.ofSeconds(15))).isTrue();
        traceIds[0] = slow.header("x-airlock-trace-id");

        ProxiedCurl viaTls = curl.get(60, TimeUnit.SECONDS);
        assertThat(viaTls.exit()).as(viaTls.toString()).isZero();
        assertThat(viaTls.status()).isEqualTo(200);
        assertThat(viaTls.body()).isEqualTo(SLOW_BODY);
        traceIds[1] = viaTls.traceId();

        assertThat(node.waitFor(Duration.ofSeconds(60))).as(node.output()).isZero();
        assertThat(node.output()).contains("stopping: refusing new connections").contains("stopped in")
            .doesNotContain("were cut");
        assertThat(node.leakReports()).isEmpty();
        idle.close();
        busy.close();
      }
      try (NodeProcess again = builder.start()) {
        for (String id : traceIds) {
          assertThat(id).isNotBlank();
          Poll.until(Duration.ofSeconds(30), "trace " + id, () -> again.hasTrace(id));
        }
        again.sigterm();
        assertThat(again.waitFor(Duration.ofSeconds(60))).isZero();
      }
    }
  }

  @Test
  void exchangesStillRunningWhenTheGraceEndsAreCutCountedAndTraced() throws Exception {
    try (RecordingUpstream plain = new RecordingUpstream(null)) {
      plain.on("/stuck", plain.neverAnswering());
      NodeProcess.Builder builder = NodeProcess.builder(dir.resolve("data"))
          .connectTo("plain.example.com:80:127.0.0.1:" + plain.port())
          .args("--shutdown-grace", "2s");
      try (NodeProcess node = builder.start()) {
        KeepAliveConnection stuck = new KeepAliveConnection(node.proxyPort(), "local-agent", node.agentKey());
        stuck.send("http://plain.example.com/stuck");
        Poll.until(Duration.ofSeconds(30), "the request to reach its origin", () -> !plain.received().isEmpty());

        node.sigterm();
        assertThat(node.waitFor(Duration.ofSeconds(60))).as(node.output()).isZero();
        assertThat(node.output()).contains("1 exchange(s) still in progress were cut");
        assertThat(cutOff(stuck)).as("the agent's connection ends").isTrue();
        assertThat(node.leakReports()).isEmpty();
        stuck.close();
      }
      try (NodeProcess again = builder.start()) {
        Poll.until(Duration.ofSeconds(30), "the trace of the cut exchange",
            () -> again.hasTrace(t -> t.get("path").asText().equals("/stuck")));
      }
    }
  }

  @Test
  void aSecondSignalEndsTheWaitAtOnce() throws Exception {
    try (RecordingUpstream plain = new RecordingUpstream(null)) {
      plain.on("/stuck", plain.neverAnswering());
      try (NodeProcess node = NodeProcess.builder(dir.resolve("data"))
          .connectTo("plain.example.com:80:127.0.0.1:" + plain.port())
          .args("--shutdown-grace", "10m").start()) {
        KeepAliveConnection stuck = new KeepAliveConnection(node.proxyPort(), "local-agent", node.agentKey());
        stuck.send("http://plain.example.com/stuck");
        Poll.until(Duration.ofSeconds(30), "the request to reach its origin", () -> !plain.received().isEmpty());

        node.sigterm();
        Poll.until(Duration.ofSeconds(15), "the drain to begin", () -> node.output().contains("stopping:"));
        node.sigterm();
        assertThat(node.waitFor(Duration.ofSeconds(60))).as(node.output()).isZero();
        assertThat(node.output()).contains("1 exchange(s) still in progress were cut");
        stuck.close();
      }
    }
  }

  /** The connection ends with no answer: closed, or reset by the node's exit. */
  private static boolean cutOff(KeepAliveConnection c) {
    try {
      return c.closedWithin(Duration.ofSeconds(15));
    } catch (IOException e) {
      return true;
    }
  }

  /** Answers 200 once the test lets it: the exchange stays in progress exactly as long as needed. */
  private static HttpHandler answeringWhen(CountDownLatch go) {
    return ex -> {
      try {
        go.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      byte[] out = SLOW_BODY.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    };
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
