package dev.airlock.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * mitmdump, quiet, with its CA (key and certificate in one {@code mitmproxy-ca.pem}) in its own
 * confdir, verifying the upstream against the upstream CA.
 */
public final class Mitmproxy {
  static final String BINARY = "/usr/bin/mitmdump";

  private Mitmproxy() {}

  public static boolean installed() {
    return Files.isExecutable(Path.of(BINARY));
  }

  public static Started start(PeerHost host) {
    Path dir = host.workDir();
    ProxyCa ca = ProxyCa.create(dir.resolve("ca"));
    Path confdir = dir.resolve("conf");
    try {
      Files.createDirectories(confdir);
      Files.writeString(confdir.resolve("mitmproxy-ca.pem"), Files.readString(ca.key()) + Files.readString(ca.cert()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the mitmproxy CA into " + confdir, e);
    }
    int port = Commands.freePort();
    List<String> command =
        List.of(
            BINARY,
            "-q",
            "--listen-host", "127.0.0.1",
            "--listen-port", Integer.toString(port),
            "--set", "confdir=" + confdir,
            "--set", "ssl_verify_upstream_trusted_ca=" + host.upstreamCa(),
            "--set", "flow_detail=0",
            "--set", "termlog_verbosity=error");
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    ManagedProcess process = Commands.startListening(
        "mitmdump", command, dir, dir.resolve("mitmdump.out"), address, Duration.ofSeconds(30));
    return Started.peer("mitmproxy", address, ca.cert(), process,
        "mitmdump " + Commands.firstLine(List.of(BINARY, "--version")).replace("Mitmproxy: ", ""),
        "mitmdump -q, flow_detail 0, upstream verified with ssl_verify_upstream_trusted_ca");
  }
}
