package dev.airlock.bench.run;

import dev.airlock.bench.load.LoadGenerator;
import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.load.Pacing;
import dev.airlock.bench.load.Protocol;
import dev.airlock.bench.load.Route;
import dev.airlock.bench.load.Target;
import dev.airlock.bench.peers.SystemUnderTest;
import dev.airlock.bench.proc.JitActivity;
import dev.airlock.bench.proc.ProcessTree;
import dev.airlock.bench.proc.ResourceSample;
import dev.airlock.bench.tls.ClientTls;
import dev.airlock.bench.tls.UpstreamCertificates;
import io.netty.handler.ssl.SslContext;
import java.io.PrintStream;
import java.net.InetSocketAddress;
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
  static final int WARMUP_CONNECTIONS = 8;
  static final Duration WARMUP_SLICE = Duration.ofSeconds(1);
  /** Compiler threads below this share of one core over a pass: compilation has settled. */
  public static final double JIT_SETTLED_SHARE = 0.10;

  private final LoadGenerator generator;
  private final ProcessTree processes;
  private final Settings settings;
  private final int httpsPort;
  private final int httpPort;
  private final PrintStream log;
  private final Map<String, SslContext> clientTls = new HashMap<>();
  /** Scenario ids a system cannot run (e.g. no HTTP/2), by system name, with the reason. */
  private final Map<String, Map<String, String>> unsupported = new HashMap<>();
  private final JitActivity jit = new JitActivity();

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
    return check(system, Scenarios.KEEPALIVE);
  }

  /** Three requests of {@code probe}'s kind; null when all were answered, else what went wrong. */
  public String check(SystemUnderTest system, Scenario probe) throws InterruptedException {
    LoadResult r = generator.run(target(system, probe), probe.workload(),
        new Pacing(1, true, Duration.ofSeconds(30), 3, 0, settings.timeout()));
    Outcomes o = r.outcomes();
    return o.ok() == 3 ? null
        : "check failed: ok " + o.ok() + ", non-2xx " + o.non2xx() + ", connect failures " + o.connectFailures()
            + ", timeouts " + o.timeouts() + ", resets " + o.resets()
            + (r.firstConnectFailure() != null ? " (" + r.firstConnectFailure() + ")" : "");
  }

  /**
   * Probes every scenario that needs more than HTTP/1.1 and leaves it out for this system when the
   * probe fails (squid, for one, does not speak HTTP/2 to clients).
   *
   * @return the scenarios left out, by id, with the reason
   */
  public Map<String, String> checkProtocols(SystemUnderTest system) throws InterruptedException {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Scenario s : settings.scenarios()) {
      if (s.protocol() != Protocol.HTTP1) {
        String problem = check(system, s);
        if (problem != null) {
          out.put(s.id(), problem);
        }
      }
    }
    unsupported.put(system.name(), out);
    return out;
  }

  private boolean runs(SystemUnderTest system, Scenario s) {
    return !unsupported.getOrDefault(system.name(), Map.of()).containsKey(s.id());
  }

  /**
   * Warms a system up and says how long it took. Passes run every scenario of this run for one
   * second each at light load (at most {@link #WARMUP_CONNECTIONS} connections, so that a JVM's
   * compiler threads get CPU while the code paths are exercised). A JVM proxy gets at least the
   * configured warm-up, then more passes until its JIT compiler threads used at most
   * {@link #JIT_SETTLED_SHARE} of a core in two passes in a row, up to the warm-up cap. Direct runs
   * passes until this runner's own JIT (it hosts the generator and the upstream) settles, up to
   * {@link Settings#directWarmupCap()}; the generator keeps warming while it loads the proxies. A
   * native proxy has nothing to compile: one pass primes its caches (minted certificates, upstream
   * connections). A short full-load keep-alive run ends every warm-up.
   */
  public WarmUp warmUp(SystemUnderTest system) throws InterruptedException {
    List<Long> jvms = system.direct() ? List.of(ProcessHandle.current().pid())
        : jit.anyJvm(system.pids()) ? system.pids() : List.of();
    boolean proxyJvm = !system.direct() && !jvms.isEmpty();
    long start = System.nanoTime();
    long minimum = proxyJvm ? settings.warmup().toNanos() : 0;
    long cap = proxyJvm ? settings.warmupCap().toNanos() : system.direct() ? settings.directWarmupCap().toNanos() : 0;
    boolean settled = false;
    int passes = 0;
    int quietPasses = 0;
    while (true) {
      double compilerBefore = jit.compilerSeconds(jvms);
      long passStart = System.nanoTime();
      long requests = 0;
      long errors = 0;
      for (Scenario s : settings.scenarios()) {
        if (!runs(system, s)) {
          continue;
        }
        LoadResult r = generator.run(target(system, s), s.workload(), Pacing.closedLoop(
            Math.min(s.connections(), WARMUP_CONNECTIONS), s.keepAlive(), WARMUP_SLICE, settings.timeout()));
        requests += r.outcomes().ok();
        errors += r.outcomes().errors();
      }
      passes++;
      double passSeconds = (System.nanoTime() - passStart) / 1e9;
      double compilerShare = jvms.isEmpty() ? 0 : (jit.compilerSeconds(jvms) - compilerBefore) / passSeconds;
      long elapsed = System.nanoTime() - start;
      log.printf(Locale.ROOT, "warm-up %-10s pass %2d  %6.1f s  %7d requests  %d errors  JIT %3.0f %% of a core%n",
          system.name(), passes, elapsed / 1e9, requests, errors, 100 * compilerShare);
      quietPasses = compilerShare <= JIT_SETTLED_SHARE ? quietPasses + 1 : 0;
      // One quiet pass can be a lull while the compile queue waits; two in a row are not.
      settled = quietPasses >= 2 || jvms.isEmpty();
      if (elapsed >= minimum && (settled || elapsed >= cap)) {
        break;
      }
    }
    Scenario s = Scenarios.KEEPALIVE;
    generator.run(target(system, s), s.workload(),
        Pacing.closedLoop(s.connections(), s.keepAlive(), WARMUP_SLICE, settings.timeout()));
    return new WarmUp(system.name(), (System.nanoTime() - start) / 1e9, settled);
  }

  /** How a system's warm-up ended: its length, and whether JIT compilation had settled by then. */
  public record WarmUp(String system, double seconds, boolean settled) {}

  public List<Measurement> measure(List<SystemUnderTest> systems) throws InterruptedException {
    List<Measurement> all = new ArrayList<>();
    for (int round = 1; round <= settings.rounds(); round++) {
      for (Scenario s : settings.scenarios()) {
        for (SystemUnderTest system : systems) {
          if (!runs(system, s)) {
            continue;
          }
          Measurement m = once(round, s, system);
          all.add(m);
          log.printf(Locale.ROOT, "round %d %-20s %-10s %9.0f rps  p50 %7.2f ms  p99 %7.2f ms  errors %d  cpu %.1f s%n",
              round, s.id(), system.name(), m.rps(), m.p50Millis(), m.p99Millis(), m.outcomes().errors(), m.cpuSeconds());
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
    boolean h2 = s.protocol() == Protocol.H2;
    SslContext tls = s.tls()
        ? clientTls.computeIfAbsent(system.clientCa() + (h2 ? " h2" : ""), k -> ClientTls.trusting(system.clientCa(), h2))
        : null;
    if (system.direct()) {
      return new Target(Route.DIRECT, new InetSocketAddress("127.0.0.1", port), host, port, tls, null, s.protocol());
    }
    return new Target(s.tls() ? Route.TUNNEL : Route.FORWARD, system.proxy(), host, port, tls,
        system.proxyAuthorization(), s.protocol());
  }
}
