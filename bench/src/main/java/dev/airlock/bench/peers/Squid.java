package dev.airlock.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * squid-openssl with ssl-bump: peeks at the client's SNI, bumps everything, mints host
 * certificates with its own CA through {@code security_file_certgen}, and verifies the upstream
 * against the upstream CA. Started as root it drops to user {@code proxy}, which therefore owns
 * its whole directory.
 */
public final class Squid {
  static final String BINARY = "/usr/sbin/squid";
  static final String CERTGEN = "/usr/lib/squid/security_file_certgen";

  private Squid() {}

  public static boolean installed() {
    return Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(CERTGEN));
  }

  public static Started start(PeerHost host) {
    Path dir = host.workDir();
    ProxyCa ca = ProxyCa.create(dir.resolve("ca"));
    Path upstreamCa = dir.resolve("upstream-ca.pem");
    copy(host.upstreamCa(), upstreamCa);
    Path sslDb = dir.resolve("ssl_db");
    Commands.run(List.of(CERTGEN, "-c", "-s", sslDb.toString(), "-M", "16MB"));
    int port = Commands.freePort();
    Path conf = dir.resolve("squid.conf");
    write(conf, config(dir, port, ca, upstreamCa, sslDb));
    chownToProxyUser(dir);
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    ManagedProcess process = Commands.startListening(
        "squid", List.of(BINARY, "-N", "-f", conf.toString()), dir, dir.resolve("squid.out"), address, Duration.ofSeconds(20));
    return Started.peer("squid", address, ca.cert(), process,
        Commands.firstLine(List.of(BINARY, "-v")),
        "ssl-bump (peek step1, bump all), upstream verified with tls_outgoing_options cafile, cache off");
  }

  static String config(Path dir, int port, ProxyCa ca, Path upstreamCa, Path sslDb) {
    return String.join(
        "\n",
        "http_port 127.0.0.1:" + port + " ssl-bump generate-host-certificates=on"
            + " dynamic_cert_mem_cache_size=16MB tls-cert=" + ca.cert() + " tls-key=" + ca.key(),
        "sslcrtd_program " + CERTGEN + " -s " + sslDb + " -M 16MB",
        "sslcrtd_children 4 startup=1 idle=1",
        "acl step1 at_step SslBump1",
        "ssl_bump peek step1",
        "ssl_bump bump all",
        "tls_outgoing_options cafile=" + upstreamCa,
        // Relay WebSocket upgrades (off by default), so the WebSocket scenario measures squid too.
        "http_upgrade_request_protocols WebSocket allow all",
        "http_access allow localhost",
        "http_access deny all",
        "cache deny all",
        "cache_mem 0 MB",
        "access_log none",
        "cache_store_log none",
        "cache_log " + dir.resolve("cache.log"),
        "pid_filename " + dir.resolve("squid.pid"),
        "coredump_dir " + dir,
        "netdb_filename none",
        "logfile_rotate 0",
        "shutdown_lifetime 0 seconds",
        "via off",
        "forwarded_for transparent",
        "max_filedescriptors 16384",
        "");
  }

  private static void chownToProxyUser(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal user = lookup.lookupPrincipalByName("proxy");
      GroupPrincipal group = lookup.lookupPrincipalByGroupName("proxy");
      for (Path p : (Iterable<Path>) files::iterator) {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + dir + " to user proxy", e);
    }
  }

  static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
