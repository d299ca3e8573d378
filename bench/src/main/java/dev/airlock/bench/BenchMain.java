package dev.airlock.bench;

import dev.airlock.bench.peers.Commands;
import dev.airlock.bench.run.Soak;
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
 * upstream --work DIR --https-port N --http-port M [--idle-close-seconds S]
 *     the upstream on its own, until stopped (the soak runs it apart from the generator)
 * soak --work DIR --upstream-https-port N --upstream-http-port M --airlock-dir D --airlock-pid P
 *     [--soak-seconds 600] [--soak-direct-seconds 60] [--soak-rps 400] [--idle-connections 10000]
 *     [--idle-rate 300] [--idle-hold-seconds 60] [--note TEXT] [--out bench]
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
      case "soak" -> System.exit(new SoakRun(options).call());
      case "upstream" -> UpstreamMain.serve(options);
      default -> {
        System.err.println("unknown command: " + args[0]);
        System.exit(2);
      }
    }
  }

  private static void prepare(Options options) {
    Path work = Path.of(options.required("work")).toAbsolutePath();
    UpstreamCertificates certs = UpstreamCertificates.generate(work.resolve("upstream"), Soak.HOSTS);
    for (String line : List.of(
        "UPSTREAM_CA=" + certs.caFile(),
        "SOAK_HOSTS='" + String.join(" ", Soak.HOSTS) + "'",
        "UPSTREAM_HTTPS_PORT=" + Commands.freePort(),
        "UPSTREAM_HTTP_PORT=" + Commands.freePort())) {
      System.out.println(line);
    }
  }
}
