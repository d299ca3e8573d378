package dev.airlock.certs;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.bouncycastle.util.IPAddress;

/**
 * A validated host a leaf may be minted for: a DNS name or an IP literal.
 *
 * @param name lower-case DNS name, or the canonical text form of {@code address}
 * @param address the IP address for an IP literal, {@code null} for a DNS name
 */
record HostName(String name, InetAddress address) {
  static final int MAX_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  HostName {
    requireNonNull(name, "name");
  }

  boolean isIpLiteral() {
    return address != null;
  }

  static HostName parse(String host) {
    requireNonNull(host, "host");
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.isEmpty()) {
      throw invalid(host, "empty");
    }
    if (IPAddress.isValidIPv4(h) || IPAddress.isValidIPv6(h)) {
      InetAddress address = literal(h);
      return new HostName(address.getHostAddress(), address);
    }
    // SNI and certificate names never carry the root label's trailing dot (RFC 6066 section 3).
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    h = h.toLowerCase(Locale.ROOT);
    validateDnsName(host, h);
    return new HostName(h, null);
  }

  private static InetAddress literal(String text) {
    try {
      // Safe: the text was validated as a literal, so no name lookup happens.
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new CertsException("host: \"" + text + "\" (expected: a valid IP literal)", e);
    }
  }

  private static void validateDnsName(String original, String h) {
    if (h.length() > MAX_LENGTH) {
      throw invalid(original, "longer than " + MAX_LENGTH + " characters");
    }
    String[] labels = h.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
        throw invalid(original, "labels must be 1-" + MAX_LABEL_LENGTH + " characters");
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw invalid(original, "labels must not start or end with '-'");
      }
      for (int i = 0; i < label.length(); i++) {
        if (!isLabelChar(label.charAt(i))) {
          throw invalid(original, "illegal character '" + label.charAt(i) + "'");
        }
      }
    }
    // A numeric last label means a malformed IP address, not a name (as URL parsers treat it).
    if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(original, "not a valid IP address");
    }
  }

  /** Underscores are not legal in host names, yet real services use them, so they mint. */
  private static boolean isLabelChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static CertsException invalid(String host, String reason) {
    String shown = host.length() > 80 ? host.substring(0, 80) + "..." : host;
    // The host comes from the network; keep control characters out of log lines.
    shown = shown.replaceAll("\\p{Cntrl}", "?");
    return new CertsException(
        "host: \"" + shown + "\" (expected: a DNS name or IP literal; " + reason + ")");
  }
}
