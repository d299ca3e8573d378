package dev.airlock.proxy.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The agent name and key carried by a Proxy-Authorization: Basic header. */
record ProxyCredentials(String agent, String key) {

  @Override
  public String toString() {
    return "ProxyCredentials[agent=" + agent + ", key=***]";
  }

  /** Parses a Basic header value; empty when absent or malformed. */
  static Optional<ProxyCredentials> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new ProxyCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }
}
