package dev.airlock.bench.run;

import dev.airlock.bench.load.LoadGenerator;
import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.load.Pacing;
import dev.airlock.bench.load.Route;
import dev.airlock.bench.load.Target;
import dev.airlock.bench.peers.SystemUnderTest;
import dev.airlock.bench.proc.ProcessTree;
import dev.airlock.bench.proc.ResourceSample;
import dev.airlock.bench.tls.ClientTls;
import dev.airlock.bench.tls.UpstreamCertificates;
import io.netty.handler.ssl.SslContext;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warms every system up, then runs rounds of every scenario against every system (direct first in
 * each scenario of each round), sampling the system's processes around each run.
 */
public final class Runner {
  private final LoadGenerator generator;
  private final ProcessTree processes;
  private final Settings settings;
  private final int httpsPort;
  private final int httpPort;
  private final PrintStream log;
  private final Map<Path, SslContext> clientTls = new HashMap<>();

  public Runner(LoadGenerator generator, ProcessTree processes, Settings settings, int httpsPort, int httpPort, PrintStream log) {
    this.generator = generator;
    this.processes = processes;
    this.settings = settings;
    this.httpsPort = httpsPort;
    this.httpPort = httpPort;
    this.log = log;
  }

  /** One request per system; a system that cannot answer it is left out, with the reason. */
  public String check(SystemUnderTest system) throws InterruptedException {
    Scenario probe = Scenarios.KEEPALIVE;
    LoadResult r = generator.run(target(system, probe), probe.workload(),
        new Pacing(1, true, Duration.ofSeconds(30), 3, 0, settings.timeout()));
    return r.ok() == 3 ? null
        : "check failed: ok " + r.ok() + ", non-2xx " + r.non2xx() + ", connect failures " + r.connectFailures()
            + ", timeouts " + r.timeouts() + ", resets " + r.resets();
  }

  public void warmUp(SystemUnderTest system) throws InterruptedException {
    Duration each = system.direct() ? Duration.ofSeconds(2) : settings.warmup().dividedBy(2);
    for (Scenario s : List.of(Scenarios.KEEPALIVE, Scenarios.NEW_CONNECTION)) {
      LoadResult r = generator.run(target(system, s), s.workload(),
          Pacing.closedLoop(s.connections(), s.keepAlive(), each, settings.timeout()));
      log.printf(Locale.ROOT, "warm-up %-10s %-20s %8.0f rps, %d errors%n", system.name(), s.id(), r.rps(), r.errors());
    }
  }

  public List<Measurement> measure(List<SystemUnderTest> systems) throws InterruptedException {
    List<Measurement> all = new ArrayList<>();
    for (int round = 1; round <= settings.rounds(); round++) {
      for (Scenario s : settings.scenarios()) {
        for (SystemUnderTest system : systems) {
          Measurement m = once(round, s, system);
          all.add(m);
          log.printf(Locale.ROOT, "round %d %-20s %-10s %9.0f rps  p50 %7.2f ms  p99 %7.2f ms  errors %d  cpu %.1f s%n",
              round, s.id(), system.name(), m.rps(), m.p50Millis(), m.p99Millis(), m.errors(), m.cpuSeconds());
        }
      }
    }
    return all;
  }

  private Measurement once(int round, Scenario s, SystemUnderTest system) throws InterruptedException {
    Pacing pacing = new Pacing(s.connections(), s.keepAlive(), settings.runDuration(), 0, s.ratePerSecond(), settings.timeout());
    ResourceSample before = processes.sample(system.pids());
    LoadResult r = generator.run(target(system, s), s.workload(), pacing);
    ResourceSample after = processes.sample(system.pids());
    return Measurement.of(round, s.id(), system.name(), r, after.cpuSince(before), after);
  }

  private Target target(SystemUnderTest system, Scenario s) {
    String host = UpstreamCertificates.HOST;
    int port = s.tls() ? httpsPort : httpPort;
    SslContext tls = s.tls() ? clientTls.computeIfAbsent(system.clientCa(), ClientTls::trusting) : null;
    if (system.direct()) {
      return new Target(Route.DIRECT, new InetSocketAddress("127.0.0.1", port), host, port, tls, null);
    }
    return new Target(s.tls() ? Route.TUNNEL : Route.FORWARD, system.proxy(), host, port, tls, system.proxyAuthorization());
  }
}
