package dev.airlock.bench.load;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/**
 * Where requests go.
 *
 * @param route direct, CONNECT tunnel, or absolute-form forward
 * @param connectTo the address the socket connects to: the origin for {@link Route#DIRECT}, else
 *     the proxy
 * @param host the origin host name (Host header, CONNECT authority, SNI, certificate check)
 * @param port the origin port
 * @param tls the client TLS context for the origin, {@code null} for plain HTTP
 * @param proxyAuthorization the Proxy-Authorization header value, {@code null} for none
 * @param protocol what is spoken once the connection is open; {@link Protocol#H2} needs a client
 *     TLS context offering ALPN {@code h2}
 */
public record Target(
    Route route,
    InetSocketAddress connectTo,
    String host,
    int port,
    SslContext tls,
    String proxyAuthorization,
    Protocol protocol) {
  public Target(Route route, InetSocketAddress connectTo, String host, int port, SslContext tls, String proxyAuthorization) {
    this(route, connectTo, host, port, tls, proxyAuthorization, Protocol.HTTP1);
  }

  public Target {
    requireNonNull(protocol, "protocol");
    if (protocol != Protocol.HTTP1 && tls == null) {
      throw new IllegalArgumentException("tls: null (expected: a client context for " + protocol + ")");
    }
    requireNonNull(route, "route");
    requireNonNull(connectTo, "connectTo");
    requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
    }
    if (route == Route.TUNNEL && tls == null) {
      throw new IllegalArgumentException("tls: null (expected: a client context for TUNNEL)");
    }
    if (route == Route.FORWARD && tls != null) {
      throw new IllegalArgumentException("tls: set (expected: none for FORWARD)");
    }
  }

  public String authority() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return "Target{" + route + " via " + connectTo + " to " + authority() + (tls != null ? " tls" : "")
        + (proxyAuthorization != null ? " auth=****" : "") + (protocol != Protocol.HTTP1 ? " " + protocol : "") + "}";
  }
}
