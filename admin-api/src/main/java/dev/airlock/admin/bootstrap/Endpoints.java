package dev.airlock.admin.bootstrap;

import static java.util.Objects.requireNonNull;

/**
 * Where the proxy and the admin API listen, as bound (port 0 already resolved). Wildcard hosts are
 * shown to clients as 127.0.0.1, which is reachable whenever the wildcard is.
 */
public record Endpoints(String proxyHost, int proxyPort, String adminHost, int adminPort) {
  public Endpoints {
    requireNonNull(proxyHost, "proxyHost");
    requireNonNull(adminHost, "adminHost");
    checkPort("proxyPort", proxyPort);
    checkPort("adminPort", adminPort);
  }

  public String proxyAuthority() {
    return clientHost(proxyHost) + ":" + proxyPort;
  }

  public String adminUrl() {
    return "http://" + clientHost(adminHost) + ":" + adminPort;
  }

  private static String clientHost(String host) {
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "127.0.0.1";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static void checkPort(String name, int port) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(name + ": " + port + " (expected: 1..65535, bound port)");
    }
  }
}
