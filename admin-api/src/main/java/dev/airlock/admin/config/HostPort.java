package dev.airlock.admin.config;

/** A listen address "host:port"; port 0 picks a free port. */
public record HostPort(String host, int port) {
  public static HostPort parse(String name, String text) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    String err = name + ": \"" + text + "\" (expected: host:port, e.g. 127.0.0.1:3128; port 0 picks a free port)";
    if (colon <= 0) {
      throw new ConfigException(err);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new ConfigException(err);
      }
      return new HostPort(host, port);
    } catch (NumberFormatException e) {
      throw new ConfigException(err, e);
    }
  }
}
