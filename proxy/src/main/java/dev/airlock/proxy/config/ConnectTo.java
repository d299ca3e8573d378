package dev.airlock.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * curl-style connect-to override: connections for HOST:PORT go to ADDR:PORT2, while SNI, Host and
 * certificate checks still use HOST.
 */
public record ConnectTo(String host, int port, String address, int addressPort) {
  public ConnectTo {
    requireNonNull(host, "host");
    requireNonNull(address, "address");
    host = host.toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses "HOST:PORT:ADDR:PORT2" (ADDR may be a bracketed IPv6 literal). */
  public static ConnectTo parse(String spec) {
    String err = "connect-to: \"" + spec + "\" (expected: HOST:PORT:ADDR:PORT2)";
    int first = spec.indexOf(':');
    int second = first < 0 ? -1 : spec.indexOf(':', first + 1);
    int last = spec.lastIndexOf(':');
    if (first <= 0 || second < 0 || last <= second) {
      throw new IllegalArgumentException(err);
    }
    String host = spec.substring(0, first);
    String addr = spec.substring(second + 1, last);
    if (addr.startsWith("[") && addr.endsWith("]")) {
      addr = addr.substring(1, addr.length() - 1);
    }
    if (addr.isEmpty()) {
      throw new IllegalArgumentException(err);
    }
    try {
      int port = Integer.parseInt(spec.substring(first + 1, second));
      int port2 = Integer.parseInt(spec.substring(last + 1));
      if (port < 1 || port > 65535 || port2 < 1 || port2 > 65535) {
        throw new IllegalArgumentException(err);
      }
      return new ConnectTo(host, port, addr, port2);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(err, e);
    }
  }

  public boolean matches(String h, int p) {
    return p == port && host.equalsIgnoreCase(h);
  }
}
