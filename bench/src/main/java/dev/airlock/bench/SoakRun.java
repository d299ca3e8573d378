package dev.airlock.bench;

import dev.airlock.bench.load.LoadGenerator;
import dev.airlock.bench.load.Route;
import dev.airlock.bench.load.Target;
import dev.airlock.bench.net.Transport;
import dev.airlock.bench.peers.Airlock;
import dev.airlock.bench.peers.SystemUnderTest;
import dev.airlock.bench.proc.ProcessTree;
import dev.airlock.bench.report.ReportHeader;
import dev.airlock.bench.report.SoakCsv;
import dev.airlock.bench.report.SoakReport;
import dev.airlock.bench.run.IdleHold;
import dev.airlock.bench.run.IdleResult;
import dev.airlock.bench.run.Runner;
import dev.airlock.bench.run.Settings;
import dev.airlock.bench.run.Soak;
import dev.airlock.bench.run.SoakResult;
import dev.airlock.bench.tls.ClientTls;
import dev.airlock.bench.tls.UpstreamCertificates;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import dev.airlock.bench.proc.OpenFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The {@code soak} command: the long variants. A steady soak against Airlock (and a shorter one
 * direct, for reference) with Airlock's memory sampled, then many idle agent connections held
 * through Airlock. The upstream runs in a process of its own (scripts/bench starts it), so that the
 * generator's descriptors are not doubled by the upstream's.
 */
final class SoakRun implements Callable<Integer> {
  static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** The other client during the idle run: its rate, and how long it runs before, for comparison. */
  static final double CLIENT_RATE = 100;
  static final Duration CLIENT_BASELINE = Duration.ofSeconds(15);

  private final Options options;
  private final Map<Path, SslContext> clientTls = new ConcurrentHashMap<>();
  private int httpsPort;
  private SystemUnderTest direct;
  private SystemUnderTest airlock;
  private Transport transport;
  private List<Runner.WarmUp> warmUps;

  SoakRun(Options options) {
    this.options = options;
  }

  @Override
  public Integer call() throws Exception {
    Path work = Path.of(options.required("work")).toAbsolutePath();
    httpsPort = intOption("upstream-https-port", -1);
    int idleConnections = intOption("idle-connections", 10_000);
    direct = new SystemUnderTest("direct", null, new UpstreamCertificates(work.resolve("upstream")).caFile(), null,
        List.of(), "—", "straight to the upstream (reference)");
    airlock = Airlock.attach(Path.of(options.required("airlock-dir")), Long.parseLong(options.required("airlock-pid")),
        options.optional("airlock-version").orElse("unknown"));
    if (idleConnections > 0) {
      // Fail before the long soak, not after it.
      IdleHold.checkFileLimit(new OpenFiles().softLimit(ProcessHandle.current().pid()), idleConnections);
    }
    transport = Transport.best();
    EventLoopGroup clients = transport.newGroup(2);
    try {
      LoadGenerator generator = new LoadGenerator(transport, clients);
      Runner runner = new Runner(generator, new ProcessTree(), Settings.quickRun(), httpsPort,
          intOption("upstream-http-port", -1), System.err);
      for (SystemUnderTest s : List.of(direct, airlock)) {
        String problem = runner.check(s);
        if (problem != null) {
          System.err.println(s.name() + ": " + problem);
          return 1;
        }
      }
      warmUps = List.of(runner.warmUp(direct), runner.warmUp(airlock));
      List<SoakResult> soaks = soak(generator);
      // Written now, so that a failure in the idle run cannot lose the long soak.
      write(soaks, Optional.empty());
      if (idleConnections > 0) {
        write(soaks, Optional.of(idle(clients, idleConnections)));
      }
      return 0;
    } finally {
      clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private List<SoakResult> soak(LoadGenerator generator) throws InterruptedException {
    int seconds = intOption("soak-seconds", 600);
    if (seconds == 0) {
      return List.of();
    }
    Soak soak = new Soak(generator, SAMPLE_EVERY, TIMEOUT, System.err);
    List<Soak.Stream> mix = Soak.mix(rate(), Soak.HOSTS);
    return List.of(
        soak.run("direct", h -> target(direct, h), mix, Duration.ofSeconds(directSeconds()), List.of()),
        soak.run("airlock", h -> target(airlock, h), mix, Duration.ofSeconds(seconds), airlock.pids()));
  }

  private IdleResult idle(EventLoopGroup clients, int connections) throws InterruptedException {
    IdleHold.Plan plan = new IdleHold.Plan(connections, intOption("idle-rate", 300),
        Duration.ofSeconds(intOption("idle-hold-seconds", 60)), CLIENT_RATE, CLIENT_BASELINE);
    Target t = target(airlock, UpstreamCertificates.HOST);
    return new IdleHold(transport, clients, SAMPLE_EVERY, TIMEOUT, System.err).run(t, t, airlock.pids(), plan);
  }

  private void write(List<SoakResult> soaks, Optional<IdleResult> idle) throws IOException {
    Path out = Path.of(options.optional("out").orElse("bench"));
    Files.createDirectories(out);
    Optional<SoakResult> sampled = soaks.stream().filter(s -> !s.samples().isEmpty()).findFirst();
    Files.writeString(out.resolve("soak.csv"), SoakCsv.render(sampled, idle, airlock.name()));
    String md = SoakReport.render(SoakHeader.of(options, transport, List.of(direct, airlock), warmUps, rate(),
        intOption("soak-seconds", 600), directSeconds(), idle), soaks, idle);
    Files.writeString(out.resolve("RESULTS-soak.md"), md);
    System.out.println(md);
  }

  private double rate() {
    return intOption("soak-rps", 400);
  }

  private int directSeconds() {
    return Math.min(intOption("soak-seconds", 600), intOption("soak-direct-seconds", 60));
  }

  private Target target(SystemUnderTest system, String host) {
    SslContext tls = clientTls.computeIfAbsent(system.clientCa(), ClientTls::trusting);
    return system.direct()
        ? new Target(Route.DIRECT, new InetSocketAddress("127.0.0.1", httpsPort), host, httpsPort, tls, null)
        : new Target(Route.TUNNEL, system.proxy(), host, httpsPort, tls, system.proxyAuthorization());
  }

  private int intOption(String name, int otherwise) {
    Optional<String> v = options.optional(name);
    if (v.isEmpty()) {
      if (otherwise < 0) {
        throw new IllegalArgumentException("missing --" + name);
      }
      return otherwise;
    }
    int n = Integer.parseInt(v.get());
    if (n < 0) {
      throw new IllegalArgumentException("--" + name + ": " + n + " (expected: >= 0)");
    }
    return n;
  }
}
