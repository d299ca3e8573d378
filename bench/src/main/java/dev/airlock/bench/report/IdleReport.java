package dev.airlock.bench.report;

import static dev.airlock.bench.report.MarkdownReport.num;
import static dev.airlock.bench.report.SoakReport.mib;

import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.proc.MemorySample;
import dev.airlock.bench.run.IdleResult;
import java.util.Locale;

/** The idle-connections section of {@code RESULTS-soak.md}. */
final class IdleReport {
  private IdleReport() {}

  static void render(StringBuilder md, IdleResult r) {
    Outcomes o = r.opened();
    md.append("\n## Idle agent connections\n\n")
        .append(String.format(Locale.ROOT, "- **opened**: %d of %d established (CONNECT, TLS handshake, one request "
            + "answered 2xx) in %s s at %s/s; failed: %s (non-2xx / connect / timeout / reset)%n", o.ok(), r.requested(),
            num(r.rampSeconds(), 1), num(r.ratePerSecond(), 0), o.errorBreakdown()))
        .append(String.format(Locale.ROOT, "- **held**: %d still open after %s s idle; %d closed by the proxy meanwhile%n",
            r.openAfterHold(), num(r.holdSeconds(), 0), r.closedByPeer()))
        .append(String.format(Locale.ROOT, "- **a second request on each after the hold**: %d answered 2xx, errors %s%n",
            r.secondRequest().ok(), r.secondRequest().errorBreakdown()))
        .append("- **open-file limits**: ").append(r.fileLimits()).append('\n');
    md.append("\n| moment | held | JVM RSS MiB | tree PSS MiB | JVM fds |\n| --- | ---: | ---: | ---: | ---: |\n");
    row(md, "before", 0, r.before());
    row(md, "all held (end of the hold)", r.openAfterHold(), r.held());
    row(md, "after closing them (" + num(r.closeSeconds(), 1) + " s)", 0, r.after());
    if (r.openAfterHold() > 0) {
      double n = r.openAfterHold();
      md.append(String.format(Locale.ROOT, "%nPer held connection: %s KiB of JVM RSS, %s KiB of tree PSS, %s descriptors "
              + "in the JVM.%n", num((r.held().jvmRssBytes() - r.before().jvmRssBytes()) / 1024.0 / n, 1),
          num((r.held().treePssBytes() - r.before().treePssBytes()) / 1024.0 / n, 1),
          num((r.held().jvmOpenFiles() - r.before().jvmOpenFiles()) / n, 2)));
    }
    md.append("\n### The other client\n\nAnother client of the same agent, open loop over a few kept-alive connections, "
        + "before the idle connections were opened and while they were held.\n\n"
        + "| when | rps | requests ok | success | p50 ms | p99 ms | max ms | errors |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    client(md, "before", r.clientBefore());
    client(md, "during the hold", r.clientDuring());
  }

  private static void row(StringBuilder md, String moment, int held, MemorySample m) {
    md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d |%n", moment, held, mib(m.jvmRssBytes()),
        mib(m.treePssBytes()), m.jvmOpenFiles()));
  }

  private static void client(StringBuilder md, String when, LoadResult r) {
    Outcomes o = r.outcomes();
    double success = o.completed() == 0 ? Double.NaN : 100.0 * o.ok() / o.completed();
    md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s %% | %s | %s | %s | %s |%n", when, num(r.rps(), 0), o.ok(),
        num(success, 2), num(r.p50Millis(), 2), num(r.p99Millis(), 2), num(r.percentileMillis(100), 2),
        o.errors() == 0 ? "0" : o.errorBreakdown()));
  }
}
