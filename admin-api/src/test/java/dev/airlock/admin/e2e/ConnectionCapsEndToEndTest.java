package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.admin.AirlockNode;
import dev.airlock.admin.config.ConfigException;
import dev.airlock.admin.config.ServeFlags;
import dev.airlock.admin.config.SettingsResolver;
import dev.airlock.admin.store.Poll;
import dev.airlock.proxy.testing.HttpHeads;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections that have not authenticated are capped per source address and in total, at accept
 * time: the excess is closed at once, long before any deadline, while agents that did
 * authenticate keep working. Caps that cannot fit the descriptor limit stop the start.
 */
class ConnectionCapsEndToEndTest {
  private static final int PER_SOURCE = 25;
  private static final int UNAUTHENTICATED = 40;

  static AirlockHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("proxy:\n  timeouts:\n    header_read: 60s\n  limits:\n    max_unauthenticated_per_source: "
        + PER_SOURCE + "\n    max_unauthenticated_connections: " + UNAUTHENTICATED + "\n");
    h.http("plain.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void unauthenticatedConnectionsBeyondTheCapsAreClosedAtOnceWhileAuthenticatedAgentsWork() throws Exception {
    InetAddress first = InetAddress.getByName("127.0.0.1");
    List<Socket> agents = new ArrayList<>();
    try (StalledConnections stalled = new StalledConnections(h.proxyPort(), Duration.ofSeconds(1))) {
      // Authenticated keep-alive connections from the same address no longer count as unauthenticated.
      for (int i = 0; i < PER_SOURCE; i++) {
        Socket s = new Socket();
        agents.add(s);
        s.bind(new InetSocketAddress(first, 0));
        s.connect(new InetSocketAddress(first, h.proxyPort()));
        assertThat(get(s, "/warm/" + i)).startsWith("HTTP/1.1 200");
      }
      List<StalledConnections.Conn> fromFirst = new ArrayList<>();
      for (int i = 0; i < PER_SOURCE + 15; i++) {
        fromFirst.add(stalled.silent(first));
      }
      Poll.until(Duration.ofSeconds(10), "15 connections over the per-source cap closed",
          () -> fromFirst.stream().filter(StalledConnections.Conn::closed).count() >= 15);
      assertThat(fromFirst.stream().filter(StalledConnections.Conn::closed))
          .allSatisfy(c -> assertThat(c.millisOpen()).isLessThan(5_000));

      // The authenticated connections from that address still work, and so does an agent elsewhere.
      for (Socket s : agents) {
        assertThat(get(s, "/again")).startsWith("HTTP/1.1 200");
      }
      assertThat(curlFrom("127.0.0.2").stdout()).isEqualTo("200");
      // A new connection from the address at its cap is refused until one of its connections ends.
      assertThat(curlFrom("127.0.0.1").stdout()).isNotEqualTo("200");

      // Another address may open only what is left of the total cap (40 - 25 = 15).
      List<StalledConnections.Conn> fromThird = new ArrayList<>();
      for (int i = 0; i < PER_SOURCE; i++) {
        fromThird.add(stalled.silent(InetAddress.getByName("127.0.0.3")));
      }
      Poll.until(Duration.ofSeconds(10), "10 connections over the total cap closed",
          () -> fromThird.stream().filter(StalledConnections.Conn::closed).count() >= 10);
      assertThat(fromFirst.stream().filter(StalledConnections.Conn::closed).count()).isEqualTo(15);
      assertThat(fromThird.stream().filter(StalledConnections.Conn::closed).count()).isEqualTo(10);
      assertThat(agents.get(0).isClosed()).isFalse();
      assertThat(get(agents.get(0), "/still")).startsWith("HTTP/1.1 200");
    } finally {
      for (Socket s : agents) {
        s.close();
      }
    }
  }

  @Test
  void capsThatCannotFitTheDescriptorLimitStopTheStart() throws Exception {
    Path dir = Files.createTempDirectory("airlock-caps");
    Path config = Files.writeString(dir.resolve("airlock.yaml"),
        "proxy:\n  limits:\n    max_connections: 2000000000\n");
    ServeFlags flags = new ServeFlags(dir.resolve("data"), config, null, "127.0.0.1:0", "127.0.0.1:0", null,
        List.of(), List.of(), Path.of("../conf/policies"), dir.resolve("no-tools"));
    assertThatThrownBy(() -> AirlockNode.start(new SettingsResolver(Map.of()).resolve(flags)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("proxy.limits.max_connections")
        .hasMessageContaining("ulimit -n");
    assertThat(dir.resolve("data/pg")).doesNotExist();
  }

  private static Clients.Result curlFrom(String address) throws Exception {
    return Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "20", "-o", "/dev/null",
        "-w", "%{http_code}", "--interface", address, "-x", h.proxyUrl(), "http://plain.example.com/from"));
  }

  private static String get(Socket s, String path) throws Exception {
    s.setSoTimeout(10_000);
    OutputStream out = s.getOutputStream();
    out.write(("GET http://plain.example.com" + path + " HTTP/1.1\r\nHost: plain.example.com\r\n"
        + h.authHeader() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = s.getInputStream();
    String head = HttpHeads.read(in);
    in.readNBytes(HttpHeads.contentLength(head));
    return head;
  }
}
