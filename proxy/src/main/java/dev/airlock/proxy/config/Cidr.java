package dev.airlock.proxy.config;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 address range in CIDR notation. */
public record Cidr(byte[] network, int prefixLength, String text) {

  public Cidr {
    requireNonNull(network, "network");
    int bits = network.length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix: " + prefixLength + " (expected: 0.." + bits + ")");
    }
    network = mask(network.clone(), prefixLength);
  }

  /** Parses "10.0.0.0/8", "::1/128" or a bare address (a /32 or /128). */
  public static Cidr parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    if (!isIpLiteral(addr)) {
      throw new IllegalArgumentException("CIDR: \"" + text + "\" (expected: an IP address or range such as 10.0.0.0/8)");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("CIDR: \"" + text + "\" (expected: an IP address or range such as 10.0.0.0/8)", e);
    }
    int prefix;
    try {
      prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("CIDR: \"" + text + "\" (expected: a prefix length after '/')", e);
    }
    return new Cidr(bytes, prefix, s);
  }

  /** True for dotted IPv4 literals and anything with a colon (IPv6); never triggers DNS. */
  static boolean isIpLiteral(String s) {
    return s.matches("[0-9.]+") || (s.contains(":") && s.matches("[0-9a-fA-F:.%]+"));
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    return java.util.Arrays.equals(mask(a, prefixLength), network);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      bytes[i] &= (byte) (0xFF << (8 - keep));
    }
    return bytes;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefixLength;
  }
}
