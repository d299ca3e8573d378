package dev.airlock.bench;

import dev.airlock.bench.net.Transport;
import dev.airlock.bench.peers.SystemUnderTest;
import dev.airlock.bench.report.MemoryTrend;
import dev.airlock.bench.report.ReportHeader;
import dev.airlock.bench.report.SoakReport;
import dev.airlock.bench.run.IdleResult;
import dev.airlock.bench.run.Runner;
import dev.airlock.bench.run.Soak;
import io.netty.handler.ssl.OpenSsl;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where and how the soak and idle-connection figures were taken, for the top of the report. */
final class SoakHeader {
  private SoakHeader() {}

  static ReportHeader of(Options options, Transport transport, List<SystemUnderTest> systems,
      List<Runner.WarmUp> warmUps, double rate, int soakSeconds, int directSeconds, Optional<IdleResult> idle) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    facts.put("machine", Machine.summary());
    options.optional("note").filter(n -> !n.isBlank()).ifPresent(n -> facts.put("conditions", n));
    facts.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    facts.put("load generator", "Netty " + io.netty.util.Version.identify().values().iterator().next().artifactVersion()
        + " (" + transport.name() + "), TLS " + (OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK")
        + ", certificates and host names verified; the upstream in a process of its own");
    facts.put("warm-up", warmUps.stream().map(w -> String.format(Locale.ROOT, "%s %.0f s%s", w.system(), w.seconds(),
        w.settled() ? "" : " (JIT still compiling at the cap)")).collect(Collectors.joining(", ")));
    if (soakSeconds > 0) {
      facts.put("soak", String.format(Locale.ROOT, "%d s against Airlock (%d s direct, for reference) at %.0f requests/s, "
          + "memory sampled every %d s", soakSeconds, directSeconds, rate, SoakRun.SAMPLE_EVERY.toSeconds()));
    }
    idle.ifPresent(r -> facts.put("idle connections", String.format(Locale.ROOT, "%d opened at %.0f/s, held %.0f s",
        r.requested(), r.ratePerSecond(), r.holdSeconds())));
    List<ReportHeader.SystemLine> lines = systems.stream()
        .map(s -> new ReportHeader.SystemLine(s.name(), s.version(), s.note())).toList();
    return new ReportHeader(facts, lines, Map.of(), method(rate));
  }

  private static String method(double rate) {
    return String.format(Locale.ROOT, "**Soak.** An open-loop load at a fixed %.0f requests/s (1 KB JSON POSTs, inspected), "
        + "spread over %d host names (%s) that Airlock maps to the local upstream with `connect_to`; the upstream has a "
        + "certificate of its own CA for each, which Airlock verifies. Per host, %.0f %% of the requests go over %d kept-alive "
        + "HTTPS connections used in turn and %.0f %% each open a new connection (CONNECT, full TLS handshake), so the "
        + "upstream pools, the certificate cache and the trace writer all keep working. Latency counts from the intended "
        + "send time. Airlock's memory is read from /proc every %d s: the JVM's RSS, and for the whole tree (the JVM "
        + "and its embedded PostgreSQL) the summed RSS, the PSS (smaps_rollup; a page shared by n processes counts 1/n "
        + "in each, so PostgreSQL's shared buffers count once) and the part of the PSS in shared memory. Memory is %s, "
        + "for %s. "
        + "**Idle connections.** Agent connections are opened through Airlock at a fixed pace (CONNECT with the agent's "
        + "credentials, TLS handshake, one request answered), then left idle; while they are held, another client of "
        + "the same agent keeps making requests. Each still-open connection then sends one more request, and all are "
        + "closed. Airlock's memory and open descriptors (/proc/PID/fd of its JVM) are read before, every %d s, with "
        + "all held, and after closing. The machine is shared and has CPU steal; figures are from one run.",
        rate, Soak.HOSTS.size(), String.join(", ", Soak.HOSTS), 100 * (1 - Soak.NEW_CONNECTION_SHARE),
        Soak.KEEPALIVE_CONNECTIONS_PER_HOST, 100 * Soak.NEW_CONNECTION_SHARE,
        SoakRun.SAMPLE_EVERY.toSeconds(), MemoryTrend.RULE, SoakReport.VERDICT_SERIES,
        SoakRun.SAMPLE_EVERY.toSeconds());
  }
}
