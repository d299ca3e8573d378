package dev.airlock.bench;

import dev.airlock.bench.peers.Commands;
import dev.airlock.bench.tls.UpstreamCertificates;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point.
 *
 * <pre>
 * prepare --work DIR     upstream CA + leaf under DIR/upstream, free upstream ports (shell lines)
 * run --work DIR --upstream-https-port N --upstream-http-port M --airlock-dir D --airlock-pid P
 *     [--airlock-version V] [--quick] [--out bench] [--systems direct,airlock,...]
 * </pre>
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: prepare --work DIR | run --work DIR ... (see scripts/bench)");
      System.exit(2);
    }
    Options options = new Options(Arrays.asList(args).subList(1, args.length));
    switch (args[0]) {
      case "prepare" -> prepare(options);
      case "run" -> System.exit(new BenchRun(options).call());
      default -> {
        System.err.println("unknown command: " + args[0]);
        System.exit(2);
      }
    }
  }

  private static void prepare(Options options) {
    Path work = Path.of(options.required("work")).toAbsolutePath();
    UpstreamCertificates certs = UpstreamCertificates.generate(work.resolve("upstream"));
    for (String line : List.of(
        "UPSTREAM_CA=" + certs.caFile(),
        "UPSTREAM_HTTPS_PORT=" + Commands.freePort(),
        "UPSTREAM_HTTP_PORT=" + Commands.freePort())) {
      System.out.println(line);
    }
  }
}
