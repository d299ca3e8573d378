package dev.airlock.bench.load;

/** How the generator reaches the origin. */
public enum Route {
  /** Straight to the origin (TLS or plain, as the target says). */
  DIRECT,
  /** {@code CONNECT host:port} through a proxy, then TLS to the origin inside the tunnel. */
  TUNNEL,
  /** Plain HTTP with an absolute-form request line through a proxy. */
  FORWARD
}
