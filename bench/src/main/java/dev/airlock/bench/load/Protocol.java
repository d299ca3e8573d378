package dev.airlock.bench.load;

/** What the generator speaks on a connection once it is open (and tunnelled and TLS'd when routed so). */
public enum Protocol {
  /** HTTP/1.1, one request at a time per connection. */
  HTTP1,
  /** HTTP/2 negotiated by ALPN (the generator offers only {@code h2}), one stream at a time per connection. */
  H2,
  /**
   * A WebSocket opened once per connection (HTTP/1.1 upgrade to the workload's path, on the
   * benchmark upstream {@value #WEBSOCKET_PATH}); each "request" is one text message of the
   * workload's body size, answered by the upstream's echo.
   */
  WEBSOCKET;

  /** Where the benchmark upstream accepts WebSocket upgrades and echoes text messages. */
  public static final String WEBSOCKET_PATH = "/ws";
}
