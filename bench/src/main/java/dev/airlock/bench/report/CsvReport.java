package dev.airlock.bench.report;

import dev.airlock.bench.run.Measurement;
import java.util.List;
import java.util.Locale;

/** Every measurement, one row per round, scenario and system. */
public final class CsvReport {
  static final String HEADER =
      "round,scenario,system,seconds,rps,p50_ms,p99_ms,ok,non2xx,connect_failures,timeouts,resets,"
          + "connections_opened,cpu_seconds,rss_bytes";

  private CsvReport() {}

  public static String render(List<Measurement> measurements) {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (Measurement m : measurements) {
      csv.append(String.format(Locale.ROOT, "%d,%s,%s,%.3f,%.1f,%.3f,%.3f,%d,%d,%d,%d,%d,%d,%.2f,%d%n",
          m.round(), field(m.scenario()), field(m.system()), m.seconds(), m.rps(), m.p50Millis(), m.p99Millis(),
          m.outcomes().ok(), m.outcomes().non2xx(), m.outcomes().connectFailures(), m.outcomes().timeouts(),
          m.outcomes().resets(), m.outcomes().connectionsOpened(),
          m.cpuSeconds(), m.rssBytes()));
    }
    return csv.toString();
  }

  static String field(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
