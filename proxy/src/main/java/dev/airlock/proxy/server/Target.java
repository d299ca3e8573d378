package dev.airlock.proxy.server;

import java.util.Locale;

/**
 * The origin a request goes to.
 *
 * @param host lower-case host name or IP literal (no brackets)
 * @param port port
 * @param tls whether the upstream hop uses TLS
 */
record Target(String host, int port, boolean tls) {
  Target {
    host = host.toLowerCase(Locale.ROOT);
  }

  String scheme() {
    return tls ? "https" : "http";
  }

  /** host[:port] as it appears in a Host header, port omitted when it is the scheme default. */
  String authority() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    boolean defaultPort = tls ? port == 443 : port == 80;
    return defaultPort ? h : h + ":" + port;
  }

  /**
   * Parses "host:port" as sent in CONNECT or a Host header; IPv6 in brackets. Returns null when the
   * form is invalid; defaultPort is used when the port is absent (pass -1 to require one).
   */
  static HostPort parseHostPort(String s, int defaultPort) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    String host;
    String portText = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        portText = rest.substring(1);
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon >= 0 && s.indexOf(':') != colon) {
        return null; // unbracketed IPv6 is ambiguous
      }
      host = colon < 0 ? s : s.substring(0, colon);
      portText = colon < 0 ? null : s.substring(colon + 1);
    }
    if (host.isEmpty() || !isHostChars(host)) {
      return null;
    }
    int port;
    if (portText == null) {
      if (defaultPort < 0) {
        return null;
      }
      port = defaultPort;
    } else {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (port < 1 || port > 65535) {
      return null;
    }
    return new HostPort(host.toLowerCase(Locale.ROOT), port);
  }

  private static boolean isHostChars(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  record HostPort(String host, int port) {}
}
