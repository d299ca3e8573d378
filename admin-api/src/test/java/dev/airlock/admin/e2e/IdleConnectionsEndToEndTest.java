package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.testing.HttpHeads;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keep-alive agent connections are closed once they have been quiet for the idle timeout. */
class IdleConnectionsEndToEndTest {
  static AirlockHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("proxy:\n  timeouts:\n    idle: 1s\n");
    h.http("plain.example.com").on("/slow", RecordingUpstream.answeringAfter(1_500));
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void aKeptAliveConnectionQuietForTheIdleTimeoutIsClosed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.proxyPort())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      // The agent sends nothing while the upstream takes 1.5 s: the idle time counts from the
      // answer, not from the last byte the agent sent.
      out.write(("GET http://plain.example.com/slow HTTP/1.1\r\nHost: plain.example.com\r\n"
          + h.authHeader() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.setSoTimeout(5_000);
      assertThat(HttpHeads.readResponse(in)).startsWith("HTTP/1.1 200");
      long quietFrom = System.nanoTime();
      s.setSoTimeout(10_000);
      int next;
      try {
        next = in.read();
      } catch (SocketTimeoutException e) {
        next = -2;
      }
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietFrom);
      assertThat(next).as("the proxy closes the connection").isEqualTo(-1);
      // Closed between the 1 s idle timeout and one more check period (also 1 s) after it.
      assertThat(waitedMillis).isBetween(900L, 3_000L);
    }
  }

  /** One response with a Content-Length body, as text. */
}
