package dev.airlock.proxy.intel;

import io.netty.util.NetUtil;
import java.util.Locale;

/**
 * URLs in the one form feeds and requests are compared in: {@code scheme://host[:port]/path[?query]}
 * with scheme and host in lower case, the scheme's default port left out, no user info, no
 * fragment, and "/" for an empty path. Path and query are kept byte for byte (percent-encoding
 * included), as feeds list them.
 */
final class UrlKey {
  private static final int BAD_PORT = -2;

  private UrlKey() {}

  /** A feed's URL in key form, or null when it is no http(s) URL with a host. */
  static String of(String url) {
    int sep = url.indexOf("://");
    if (sep <= 0) {
      return null;
    }
    String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    int authStart = sep + 3;
    int authEnd = authStart;
    while (authEnd < url.length() && "/?#".indexOf(url.charAt(authEnd)) < 0) {
      authEnd++;
    }
    String authority = url.substring(authStart, authEnd);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String host;
    int port = -1;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = authority.substring(1, close);
      if (!NetUtil.isValidIpV6Address(host)) {
        return null;
      }
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        port = port(rest.substring(1));
        if (port == BAD_PORT) {
          return null;
        }
      }
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      if (colon >= 0) {
        port = port(authority.substring(colon + 1));
        if (port == BAD_PORT) {
          return null;
        }
      }
      if (!NetUtil.isValidIpV4Address(host)) {
        host = Indicators.domain(host);
        if (host == null) {
          return null;
        }
      }
    }
    String rest = url.substring(authEnd);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    if (rest.indexOf(' ') >= 0) {
      return null;
    }
    String path = rest;
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      path = rest.substring(0, q);
      query = rest.substring(q + 1);
    }
    return of(scheme, host, port, path, query);
  }

  /**
   * The key of a request.
   *
   * @param port the port, or -1 for the scheme's default
   * @param query the query without '?', or null for none
   */
  static String of(String scheme, String host, int port, String path, String query) {
    String s = scheme.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(s.length() + h.length() + path.length() + 16);
    b.append(s).append("://");
    if (h.indexOf(':') >= 0) {
      b.append('[').append(h).append(']');
    } else {
      b.append(h);
    }
    int defaultPort = s.equals("https") ? 443 : 80;
    if (port >= 0 && port != defaultPort) {
      b.append(':').append(port);
    }
    b.append(path.isEmpty() ? "/" : path);
    if (query != null && !query.isEmpty()) {
      b.append('?').append(query);
    }
    return b.toString();
  }

  /** The port, -1 for none ("host:" means the default port), or {@link #BAD_PORT}. */
  private static int port(String p) {
    if (p.isEmpty()) {
      return -1;
    }
    if (p.length() > 5 || !p.chars().allMatch(Character::isDigit)) {
      return BAD_PORT;
    }
    int n = Integer.parseInt(p);
    return n <= 65_535 ? n : BAD_PORT;
  }
}
