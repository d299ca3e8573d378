package dev.airlock.bench.peers;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * tinyproxy as a tunnel only (no TLS interception): a ceiling for "a proxy that does no crypto".
 * The client verifies the upstream itself, through the tunnel.
 */
public final class Tinyproxy {
  static final String BINARY = "/usr/bin/tinyproxy";

  private Tinyproxy() {}

  public static boolean installed() {
    return Files.isExecutable(Path.of(BINARY));
  }

  public static Started start(PeerHost host) {
    Path dir = host.workDir();
    int port = Commands.freePort();
    Path conf = dir.resolve("tinyproxy.conf");
    Squid.write(
        conf,
        String.join(
            "\n",
            "User nobody",
            "Group nogroup",
            "Port " + port,
            "Listen 127.0.0.1",
            "Timeout 600",
            "MaxClients 2048",
            "Allow 127.0.0.1",
            "ConnectPort " + host.upstreamHttpsPort(),
            "DisableViaHeader Yes",
            "LogLevel Critical",
            "LogFile \"" + dir.resolve("tinyproxy.log") + "\"",
            ""));
    try {
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot open " + dir + " to the tinyproxy user", e);
    }
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    ManagedProcess process = Commands.startListening(
        "tinyproxy", List.of(BINARY, "-d", "-c", conf.toString()), dir, dir.resolve("tinyproxy.out"), address, Duration.ofSeconds(20));
    return Started.peer("tinyproxy", address, host.upstreamCa(), process,
        Commands.firstLine(List.of(BINARY, "-v")),
        "tunnel only (CONNECT to the upstream port), no inspection; closes plain-HTTP client connections after each answer");
  }
}
