package dev.airlock.admin.alerts.siem;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real rsyslogd of its own (own config, pid file and work directory, no system config) listening
 * on loopback: UDP and TCP on one port, TLS (ossl driver, package rsyslog-openssl) on another, every received message
 * written raw ({@code %rawmsg%}) as one line of {@code received.log}.
 */
final class RsyslogReceiver implements AutoCloseable {
  static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

  private final Path dir;
  private final int port;
  private final int tlsPort;
  private final Path out;
  private Process process;

  private RsyslogReceiver(Path dir, int port, int tlsPort) {
    this.dir = dir;
    this.port = port;
    this.tlsPort = tlsPort;
    this.out = dir.resolve("received.log");
  }

  static boolean installed() {
    return Files.isExecutable(RSYSLOGD);
  }

  /** Starts rsyslogd in {@code dir}; {@code certPem}/{@code keyPem} are the TLS listener's identity. */
  static RsyslogReceiver start(Path dir, String caPem, String certPem, String keyPem) throws Exception {
    RsyslogReceiver receiver = new RsyslogReceiver(dir, freePort(), freePort());
    Files.writeString(dir.resolve("ca.pem"), caPem);
    Files.writeString(dir.resolve("server.pem"), certPem);
    Files.writeString(dir.resolve("server.key"), keyPem);
    receiver.launch();
    return receiver;
  }

  int port() {
    return port;
  }

  int tlsPort() {
    return tlsPort;
  }

  /** Stops the daemon and starts it again on the same ports (a receiver restart). */
  void restart() throws Exception {
    stop();
    launch();
  }

  private void launch() throws Exception {
    String conf = String.join("\n",
        "global(workDirectory=\"" + dir + "\" maxMessageSize=\"64k\")",
        "module(load=\"imudp\")",
        "module(load=\"imtcp\" maxSessions=\"50\")",
        "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")",
        "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + port + "\")",
        "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\")",
        "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tlsPort + "\" streamDriver.name=\"ossl\""
            + " streamDriver.mode=\"1\" streamDriver.authMode=\"anon\""
            + " streamDriver.CAFile=\"" + dir.resolve("ca.pem") + "\""
            + " streamDriver.CertFile=\"" + dir.resolve("server.pem") + "\""
            + " streamDriver.KeyFile=\"" + dir.resolve("server.key") + "\")",
        "if $app-name == \"airlock\" then {",
        "  action(type=\"omfile\" file=\"" + out + "\" template=\"raw\")",
        "} else {",
        "  action(type=\"omfile\" file=\"" + dir.resolve("rsyslogd.log") + "\")",
        "}",
        "");
    Path confFile = dir.resolve("rsyslog.conf");
    Files.writeString(confFile, conf);
    ProcessBuilder builder = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", confFile.toString(),
        "-i", dir.resolve("rsyslogd.pid").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("rsyslogd.out").toFile());
    process = builder.start();
    try {
      waitForListener(port);
      waitForListener(tlsPort);
    } catch (Exception | Error e) {
      stop();
      throw e;
    }
  }

  private void waitForListener(int listenPort) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("rsyslogd exited: " + diagnostics());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", listenPort), 200);
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    throw new IllegalStateException("rsyslogd did not listen on " + listenPort + ": " + diagnostics());
  }

  private String diagnostics() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("rsyslogd.out", "rsyslogd.log")) {
      Path file = dir.resolve(name);
      if (Files.exists(file)) {
        out.append(Files.readString(file));
      }
    }
    return out.toString();
  }

  /** The received lines once {@code done} holds for them; fails after {@code timeout}. */
  List<String> awaitLines(Predicate<List<String>> done, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    List<String> lines = List.of();
    while (Instant.now().isBefore(deadline)) {
      lines = lines();
      if (done.test(lines)) {
        return lines;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("rsyslogd received only " + lines);
  }

  List<String> lines() throws IOException {
    if (!Files.exists(out)) {
      return List.of();
    }
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  /** Stops the daemon; {@link #restart()} starts it again. */
  void stopNow() throws InterruptedException {
    stop();
  }

  private void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    // The port must be free for both TCP and UDP.
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        int candidate = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(candidate, java.net.InetAddress.getLoopbackAddress())) {
          udp.setReuseAddress(false);
          return candidate;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port");
  }
}
