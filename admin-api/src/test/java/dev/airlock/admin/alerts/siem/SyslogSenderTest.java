package dev.airlock.admin.alerts.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyslogSenderTest {
  @Test
  void aReceiverThatStopsReadingFailsTheSendWithinTheSendTimeout() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SyslogConfig config = SyslogConfig.of(Map.of("host", "127.0.0.1", "port", server.getLocalPort(),
          "protocol", "tcp", "send_timeout_ms", 500));
      // The listen backlog completes the connection; nobody accepts or reads, so the socket buffers fill.
      List<String> batch = Collections.nCopies(2_000, "x".repeat(16 * 1024));
      try (SyslogSender sender = new SyslogSender(config)) {
        Instant start = Instant.now();
        assertThatThrownBy(() -> sender.send(batch)).isInstanceOf(IOException.class)
            .hasMessageContaining("timed out after 500 ms");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
      }
    }
  }

  @Test
  void noListenerIsAnIoExceptionNamingTheReceiver() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    SyslogConfig config = SyslogConfig.of(Map.of("host", "127.0.0.1", "port", port, "protocol", "tcp"));
    try (SyslogSender sender = new SyslogSender(config)) {
      assertThatThrownBy(() -> sender.send(List.of("m"))).isInstanceOf(IOException.class)
          .hasMessageContaining("tcp://127.0.0.1:" + port);
    }
  }

  @Test
  void aClosedSenderRefusesToSend() {
    SyslogSender sender = new SyslogSender(SyslogConfig.of(Map.of("host", "127.0.0.1")));
    sender.close();
    assertThatThrownBy(() -> sender.send(List.of("m"))).isInstanceOf(IOException.class).hasMessage("syslog sender closed");
  }
}
