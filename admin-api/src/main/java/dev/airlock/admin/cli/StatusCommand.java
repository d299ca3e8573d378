package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code airlock status}: a summary of the running node behind the admin API. */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = {
      "Summarize the running Airlock node: version, uptime, addresses, database, agent"
          + " connections, requests by decision, trace spool, TLS failures and the certificate"
          + " cache.",
      "",
      "Exits 1 with one line on stderr when the admin API cannot be reached. The full metrics are"
          + " at http://ADMIN/metrics (Prometheus format)."
    },
    sortOptions = false)
public final class StatusCommand implements Callable<Integer> {
  private static final int LABEL_WIDTH = 14;

  @Mixin private ApiOptions api;

  @Override
  public Integer call() {
    JsonNode status = api.client().get("status", Map.of()).data();
    Output output = api.output();
    if (output.isJson()) {
      output.json(status);
      return 0;
    }
    output.print(render(status));
    return 0;
  }

  static String render(JsonNode s) {
    StringBuilder out = new StringBuilder();
    line(out, "Version", Output.text(s, "version"));
    line(out, "Uptime", duration(s.path("uptime_seconds").asLong())
        + " (since " + Output.text(s, "started_at") + ")");
    line(out, "Proxy", Output.text(s, "proxy_listen"));
    line(out, "Admin API", Output.text(s, "admin_listen"));
    line(out, "Database", Output.text(s, "database"));
    JsonNode connections = s.path("connections");
    line(out, "Connections", connections.path("active").asLong() + " active ("
        + connections.path("opened").asLong() + " since start)");
    line(out, "Requests", requests(s.path("requests")));
    JsonNode traces = s.path("traces");
    line(out, "Traces", traces.path("queued").asLong() + " queued, "
        + bytes(traces.path("spool_bytes").asLong()) + " in the spool, "
        + traces.path("dropped").asLong() + " dropped");
    JsonNode tls = s.path("tls");
    line(out, "TLS failures", tls.path("agent_handshake_failures").asLong() + " with agents (of "
        + (tls.path("agent_handshakes").asLong() + tls.path("agent_handshake_failures").asLong())
        + " handshakes), " + tls.path("upstream_failures").asLong() + " upstream");
    line(out, "Cert cache", certCache(s.path("cert_cache")));
    return out.toString();
  }

  private static String requests(JsonNode requests) {
    List<String> parts = new ArrayList<>();
    requests.path("by_decision").fields().forEachRemaining(e -> {
      if (e.getValue().asLong() > 0) {
        parts.add(e.getValue().asLong() + " " + e.getKey());
      }
    });
    String total = requests.path("total").asLong() + " since start";
    return parts.isEmpty() ? total : total + ": " + String.join(", ", parts);
  }

  private static String certCache(JsonNode cache) {
    long hits = cache.path("hits").asLong();
    long lookups = hits + cache.path("misses").asLong();
    if (lookups == 0) {
      return "no intercepted connections yet";
    }
    double ratio = cache.path("hit_ratio").asDouble((double) hits / lookups);
    return String.format(Locale.ROOT, "%.1f%% hits (%d of %d intercepted connections)",
        ratio * 100, hits, lookups);
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s%s%n", label, value));
  }

  static String duration(long seconds) {
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long secs = seconds % 60;
    if (days > 0) {
      return days + "d " + hours + "h " + minutes + "m";
    }
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    return minutes > 0 ? minutes + "m " + secs + "s" : secs + "s";
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
