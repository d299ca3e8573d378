package dev.airlock.bench;

import dev.airlock.bench.load.LoadGenerator;
import dev.airlock.bench.net.Transport;
import dev.airlock.bench.peers.Airlock;
import dev.airlock.bench.peers.Mitmproxy;
import dev.airlock.bench.peers.PeerHost;
import dev.airlock.bench.peers.Squid;
import dev.airlock.bench.peers.Started;
import dev.airlock.bench.peers.SystemUnderTest;
import dev.airlock.bench.peers.Tinyproxy;
import dev.airlock.bench.proc.ProcessTree;
import dev.airlock.bench.report.CsvReport;
import dev.airlock.bench.report.MarkdownReport;
import dev.airlock.bench.report.ReportHeader;
import dev.airlock.bench.run.Measurement;
import dev.airlock.bench.run.Runner;
import dev.airlock.bench.run.Settings;
import dev.airlock.bench.run.Summary;
import dev.airlock.bench.tls.ClientTls;
import dev.airlock.bench.tls.ServerTls;
import dev.airlock.bench.tls.UpstreamCertificates;
import dev.airlock.bench.upstream.UpstreamServer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The {@code run} command: starts the upstream and the peers, measures, writes the reports, stops everything. */
final class BenchRun implements Callable<Integer> {
  private final Options options;
  private final List<AutoCloseable> toStop = new CopyOnWriteArrayList<>();
  private final Map<String, String> excluded = new LinkedHashMap<>();

  BenchRun(Options options) {
    this.options = options;
  }

  @Override
  public Integer call() throws Exception {
    Thread hook = new Thread(this::stopAll, "bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return measureAndReport();
    } finally {
      stopAll();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  private int measureAndReport() throws Exception {
    Path work = Path.of(options.required("work")).toAbsolutePath();
    // Peers drop privileges (squid to "proxy", tinyproxy to "nobody") and must reach their directories.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Settings settings = options.flag("quick") ? Settings.quickRun() : Settings.fullRun();
    if (options.optional("scenarios").isPresent()) {
      settings = settings.only(Set.of(options.required("scenarios").split(",")));
    }
    if (options.optional("warmup-seconds").isPresent()) {
      settings = settings.withWarmup(Duration.ofSeconds(Long.parseLong(options.required("warmup-seconds"))));
    }
    if (options.optional("rounds").isPresent()) {
      settings = settings.withRounds(Integer.parseInt(options.required("rounds")));
    }
    Set<String> wanted = Set.of(options.optional("systems").orElse("direct,airlock,squid,mitmproxy,tinyproxy").split(","));
    UpstreamCertificates certs = new UpstreamCertificates(work.resolve("upstream"));
    Transport transport = Transport.best();
    UpstreamServer upstream = UpstreamServer.start(transport, ServerTls.of(certs),
        Integer.parseInt(options.required("upstream-https-port")), Integer.parseInt(options.required("upstream-http-port")), 1);
    toStop.add(upstream);
    EventLoopGroup clients = transport.newGroup(2);
    toStop.add(() -> clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
    PeerHost host = new PeerHost(work, certs.caFile(), upstream.httpsPort(), upstream.httpPort());

    List<SystemUnderTest> systems = new ArrayList<>();
    systems.add(new SystemUnderTest("direct", null, certs.caFile(), null, List.of(), "—", "straight to the upstream (baseline)"));
    if (wanted.contains("airlock")) {
      systems.add(Airlock.attach(Path.of(options.required("airlock-dir")), Long.parseLong(options.required("airlock-pid")),
          options.optional("airlock-version").orElse("unknown")));
    }
    if (options.optional("compare-dir").isPresent()) {
      // A second Airlock build, measured in the same rounds right after the first.
      systems.add(Airlock.attach("airlock-b", Path.of(options.required("compare-dir")),
          Long.parseLong(options.required("compare-pid")), options.optional("compare-version").orElse("unknown")));
    }
    startPeer(wanted, systems, "squid", Squid.installed(), Squid::start, host.workDir().resolve("squid"), host);
    startPeer(wanted, systems, "mitmproxy", Mitmproxy.installed(), Mitmproxy::start, host.workDir().resolve("mitmproxy"), host);
    startPeer(wanted, systems, "tinyproxy", Tinyproxy.installed(), Tinyproxy::start, host.workDir().resolve("tinyproxy"), host);

    Runner runner = new Runner(new LoadGenerator(transport, clients), new ProcessTree(), settings,
        upstream.httpsPort(), upstream.httpPort(), System.err);
    List<SystemUnderTest> measured = new ArrayList<>();
    for (SystemUnderTest s : systems) {
      String problem = runner.check(s);
      if (problem == null) {
        measured.add(s);
      } else {
        excluded.put(s.name(), problem);
        System.err.println("leaving out " + s.name() + ": " + problem);
      }
    }
    Map<String, Map<String, String>> notRun = new LinkedHashMap<>();
    for (SystemUnderTest s : measured) {
      Map<String, String> left = runner.checkProtocols(s);
      left.forEach((scenario, why) -> System.err.println("leaving out " + s.name() + " in " + scenario + ": " + why));
      notRun.put(s.name(), left);
    }
    List<Runner.WarmUp> warmUps = new ArrayList<>();
    for (SystemUnderTest s : measured) {
      warmUps.add(runner.warmUp(s));
    }
    List<Measurement> results = runner.measure(measured);

    Path out = Path.of(options.optional("out").orElse("bench"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.csv"), CsvReport.render(results));
    Optional<String> jmh = readIfPresent(out.resolve("target").resolve("jmh.md"));
    String md = MarkdownReport.render(header(settings, transport, measured, warmUps), settings.scenarios(),
        measured.stream().map(SystemUnderTest::name).toList(), Summary.of(results), notRun, jmh);
    Files.writeString(out.resolve("RESULTS.md"), md);
    System.out.println(md);
    return 0;
  }

  private void startPeer(Set<String> wanted, List<SystemUnderTest> systems, String name, boolean installed,
      Function<PeerHost, Started> starter, Path dir, PeerHost host) throws IOException {
    if (!wanted.contains(name)) {
      return;
    }
    if (!installed) {
      excluded.put(name, "not installed");
      return;
    }
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      Started started = starter.apply(new PeerHost(dir, host.upstreamCa(), host.upstreamHttpsPort(), host.upstreamHttpPort()));
      toStop.add(started.process());
      systems.add(started.system());
    } catch (RuntimeException e) {
      excluded.put(name, "did not start: " + e.getMessage());
      System.err.println("leaving out " + name + ": " + e.getMessage());
    }
  }

  private ReportHeader header(Settings settings, Transport transport, List<SystemUnderTest> measured,
      List<Runner.WarmUp> warmUps) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    facts.put("machine", Machine.summary());
    facts.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    facts.put("load generator", "Netty " + io.netty.util.Version.identify().values().iterator().next().artifactVersion()
        + " (" + transport.name() + "), TLS " + (OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK")
        + ", session resumption " + (ClientTls.resumptionDisabled(ClientTls.trusting(Path.of(options.required("work")).resolve("upstream").resolve("ca.pem"))) ? "off" : "ON (JDK provider)")
        + ", certificates and host name verified");
    facts.put("mode", (settings.quick() ? "quick" : "full") + ": " + settings.rounds() + " rounds × "
        + settings.runDuration().toMillis() / 1000.0 + " s per run, request timeout " + settings.timeout().toSeconds() + " s");
    facts.put("warm-up", "every scenario at light load; a JVM proxy until its JIT compilation settled (compiler threads "
        + "under " + Math.round(Runner.JIT_SETTLED_SHARE * 100) + " % of a core over two passes in a row; at least "
        + settings.warmup().toSeconds() + " s, at most " + settings.warmupCap().toSeconds() + " s), direct until the "
        + "generator's JIT settled (at most " + settings.directWarmupCap().toSeconds() + " s), a native proxy one pass: "
        + warmUps.stream().map(w -> String.format(Locale.ROOT, "%s %.0f s%s", w.system(), w.seconds(),
            w.settled() ? "" : " (JIT still compiling at the cap)")).collect(java.util.stream.Collectors.joining(", ")));
    List<ReportHeader.SystemLine> lines = measured.stream()
        .map(s -> new ReportHeader.SystemLine(s.name(), s.version(), s.note())).toList();
    String method = "Every system is reached at the same local upstream (Netty, HTTPS with its own ECDSA P-256 CA and "
        + "plain HTTP, keep-alive, reads each whole request body, answers a small JSON). Every proxy's CA is a separate "
        + "ECDSA P-256 CA; every proxy verifies the upstream certificate. Load comes from a Netty generator in the runner "
        + "JVM (closed loop: each connection sends its next request when the previous answer is complete; the open-loop "
        + "scenario records latency from the intended send time). After a warm-up per system, each round runs every "
        + "scenario against every system, direct first; each proxy's figure is divided by the direct figure of the same "
        + "round and the report shows the median of those ratios. CPU seconds and RSS are read from /proc for each proxy's "
        + "process tree (squid's helpers, Airlock's embedded PostgreSQL included). The machine is shared and has CPU steal: "
        + "compare ratios within this run, not absolute numbers across runs. Generator, upstream and proxy share the same "
        + "cores, so the direct baseline is the generator+upstream ceiling.";
    return new ReportHeader(facts, lines, excluded, method);
  }

  private static Optional<String> readIfPresent(Path file) throws IOException {
    return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
  }

  private void stopAll() {
    List<AutoCloseable> reversed = new ArrayList<>(toStop);
    toStop.clear();
    java.util.Collections.reverse(reversed);
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
  }
}
