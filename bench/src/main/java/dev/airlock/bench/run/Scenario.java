package dev.airlock.bench.run;

import dev.airlock.bench.load.Workload;

/**
 * One benchmark scenario.
 *
 * @param id stable identifier (CSV, table)
 * @param title what it measures, for the report
 * @param tls HTTPS (direct TLS, or CONNECT + TLS through a proxy) or plain HTTP (absolute-form)
 * @param workload the request
 * @param connections concurrent connections
 * @param keepAlive reuse connections, or one new connection (and TLS handshake) per request
 * @param ratePerSecond open-loop rate; 0 for a closed loop
 */
public record Scenario(
    String id,
    String title,
    boolean tls,
    Workload workload,
    int connections,
    boolean keepAlive,
    double ratePerSecond) {

  static Scenario closed(String id, String title, boolean tls, Workload w, int connections, boolean keepAlive) {
    return new Scenario(id, title, tls, w, connections, keepAlive, 0);
  }
}
