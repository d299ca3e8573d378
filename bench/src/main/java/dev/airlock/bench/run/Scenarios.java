package dev.airlock.bench.run;

import dev.airlock.bench.load.Protocol;
import dev.airlock.bench.load.Workload;
import java.util.List;

/** The scenario lists for a full and a quick run. */
public final class Scenarios {
  static final String JSON = "/v1/items";
  static final int KB = 1024;
  static final int ONE_MB = 1_000_000;

  static final Scenario KEEPALIVE =
      Scenario.closed("https-keepalive-1k", "HTTPS keep-alive, 1 KB POST inspected, 16 connections", true, Workload.post(JSON, KB), 16, true);
  static final Scenario NEW_CONNECTION =
      Scenario.closed("https-new-conn-1k", "HTTPS new connection (full TLS handshake) per request, 1 KB POST, 16 in parallel", true, Workload.post(JSON, KB), 16, false);
  static final Scenario CONCURRENCY_1 =
      Scenario.closed("https-c1-1k", "HTTPS keep-alive, 1 KB POST, concurrency 1 (added latency)", true, Workload.post(JSON, KB), 1, true);

  private Scenarios() {}

  public static List<Scenario> quick() {
    return List.of(KEEPALIVE, NEW_CONNECTION, CONCURRENCY_1);
  }

  public static List<Scenario> full() {
    return List.of(
        KEEPALIVE,
        NEW_CONNECTION,
        CONCURRENCY_1,
        Scenario.closed("http-keepalive-1k", "Plain HTTP keep-alive (absolute-form through the proxy), 1 KB POST, 16 connections", false, Workload.post(JSON, KB), 16, true),
        Scenario.closed("https-c64-1k", "HTTPS keep-alive, 1 KB POST, 64 connections", true, Workload.post(JSON, KB), 64, true),
        Scenario.closed("https-c256-1k", "HTTPS keep-alive, 1 KB POST, 256 connections", true, Workload.post(JSON, KB), 256, true),
        Scenario.closed("https-64k", "HTTPS keep-alive, 64 KB POST inspected, 16 connections", true, Workload.post(JSON, 64 * KB), 16, true),
        Scenario.closed("https-1m", "HTTPS keep-alive, 1 MB POST inspected, 4 connections", true, Workload.post(JSON, ONE_MB), 4, true),
        Scenario.closed("h2-keepalive-1k", "HTTP/2 (ALPN h2 to the proxy), 1 KB POST inspected, 16 connections, one stream at a time on each", Protocol.H2, Workload.post(JSON, KB), 16),
        Scenario.closed("wss-echo-1k", "WebSocket over HTTPS, 1 KB text message echoed by the upstream, 16 connections", Protocol.WEBSOCKET, Workload.post(Protocol.WEBSOCKET_PATH, KB), 16),
        Scenario.closed("https-sse-100", "HTTPS server-sent events: time to the last of 100 events, 16 connections", true, Workload.get("/sse?events=100"), 16, true),
        new Scenario("https-open-300rps", "HTTPS open loop at 300 requests/s, 1 KB POST, up to 32 connections (latency from intended send time)", true, Workload.post(JSON, KB), 32, true, 300));
  }
}
