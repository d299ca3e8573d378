package dev.airlock.bench.run;

import dev.airlock.bench.load.Protocol;
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
 * @param protocol what is spoken on each connection
 */
public record Scenario(
    String id,
    String title,
    boolean tls,
    Workload workload,
    int connections,
    boolean keepAlive,
    double ratePerSecond,
    Protocol protocol) {

  public Scenario(String id, String title, boolean tls, Workload workload, int connections, boolean keepAlive,
      double ratePerSecond) {
    this(id, title, tls, workload, connections, keepAlive, ratePerSecond, Protocol.HTTP1);
  }

  static Scenario closed(String id, String title, boolean tls, Workload w, int connections, boolean keepAlive) {
    return new Scenario(id, title, tls, w, connections, keepAlive, 0);
  }

  /** A closed-loop keep-alive HTTPS scenario in another protocol than HTTP/1.1. */
  static Scenario closed(String id, String title, Protocol protocol, Workload w, int connections) {
    return new Scenario(id, title, true, w, connections, true, 0, protocol);
  }
}
