package dev.airlock.proxy.server;

/** A new upstream connection would go over the node's cap on open upstream connections. */
final class UpstreamConnectionsExhausted extends Exception {
  UpstreamConnectionsExhausted() {
    super("upstream connection cap reached", null, false, false);
  }
}
