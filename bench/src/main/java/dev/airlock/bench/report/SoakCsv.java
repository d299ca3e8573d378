package dev.airlock.bench.report;

import dev.airlock.bench.proc.MemorySample;
import dev.airlock.bench.run.IdleResult;
import dev.airlock.bench.run.SoakResult;
import java.util.Locale;
import java.util.Optional;

/** Every memory sample of the soak and of the idle-connections run, one row each. */
public final class SoakCsv {
  static final String HEADER =
      "scenario,system,phase,t_seconds,held_connections,jvm_rss_bytes,tree_rss_bytes,tree_pss_bytes,tree_shared_pss_bytes,"
          + "jvm_open_files,tree_cpu_seconds";

  private SoakCsv() {}

  public static String render(Optional<SoakResult> soak, Optional<IdleResult> idle, String idleSystem) {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    soak.ifPresent(s -> s.samples().forEach(m -> row(csv, "soak", s.system(), "load", "", m)));
    idle.ifPresent(r -> r.samples().forEach(
        x -> row(csv, "idle", idleSystem, x.phase(), Integer.toString(x.heldConnections()), x.memory())));
    return csv.toString();
  }

  private static void row(StringBuilder csv, String scenario, String system, String phase, String held, MemorySample m) {
    csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.1f,%s,%d,%d,%d,%d,%d,%.2f%n", scenario, CsvReport.field(system),
        CsvReport.field(phase), m.seconds(), held, m.jvmRssBytes(), m.treeRssBytes(), m.treePssBytes(),
        m.treeSharedPssBytes(), m.jvmOpenFiles(), m.treeCpuSeconds()));
  }
}
