package dev.airlock.proxy.server;

import dev.airlock.proxy.config.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies destination addresses for the SSRF guard. An address is looked at in every form it
 * takes: itself, and each IPv4 address that an IPv6 transition format embeds in it (a NAT64 gateway,
 * a 6to4 relay or a Teredo server would deliver traffic there). Each form is refused when it lies in
 * a deny range and is not in the operator's allow-list, so allowing 127.0.0.0/8 also allows
 * ::ffff:127.0.0.1, ::127.0.0.1, 64:ff9b::127.0.0.1 and so on, but never ::1 or fc00::/7; a Teredo
 * address passes only when both its server and its client address do.
 */
final class AddressRanges {
  private static final List<Cidr> DENIED_V4 = List.of(
      "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
      "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4")
      .stream().map(Cidr::parse).toList();
  /**
   * fec0::/10 is the deprecated site-local range, still routed inside some networks. The local-use
   * NAT64 prefix 64:ff9b:1::/48 is refused as a whole: each network picks its own RFC 6052 layout
   * inside it (/48 to /96), and read with the wrong one a private IPv4 address looks public
   * (its well-known sibling 64:ff9b::/96 has one layout and is judged by the embedded address).
   */
  private static final List<Cidr> DENIED_V6 = List.of(
      "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "64:ff9b:1::/48")
      .stream().map(Cidr::parse).toList();

  private AddressRanges() {}

  /** True when any form of {@code a} lies in a deny range that {@code allowed} does not exempt. */
  static boolean isDenied(InetAddress a, List<Cidr> allowed) {
    if (deniedForm(a, allowed)) {
      return true;
    }
    for (InetAddress v4 : embeddedIpv4(a)) {
      if (deniedForm(v4, allowed)) {
        return true;
      }
    }
    return false;
  }

  private static boolean deniedForm(InetAddress a, List<Cidr> allowed) {
    for (Cidr c : allowed) {
      if (c.contains(a)) {
        return false;
      }
    }
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    for (Cidr c : a instanceof Inet4Address ? DENIED_V4 : DENIED_V6) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The IPv4 addresses embedded in an IPv6 address: IPv4-mapped ::ffff:0:0/96, IPv4-compatible
   * ::/96, SIIT ::ffff:0:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16 and Teredo 2001::/32 (server
   * and client). Empty for IPv4 and other IPv6 addresses (64:ff9b:1::/48 is a deny range instead).
   */
  static List<InetAddress> embeddedIpv4(InetAddress address) {
    if (address instanceof Inet4Address) {
      return List.of();
    }
    byte[] b = address.getAddress();
    List<InetAddress> out = new ArrayList<>(2);
    if (zero(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
      out.add(v4(b[12], b[13], b[14], b[15])); // IPv4-compatible or IPv4-mapped
    } else if (zero(b, 0, 8) && b[8] == (byte) 0xff && b[9] == (byte) 0xff && b[10] == 0 && b[11] == 0) {
      out.add(v4(b[12], b[13], b[14], b[15])); // SIIT
    } else if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && zero(b, 4, 12)) {
      out.add(v4(b[12], b[13], b[14], b[15])); // NAT64 well-known prefix
    } else if (prefix(b, 0x20, 0x02)) {
      out.add(v4(b[2], b[3], b[4], b[5])); // 6to4
    } else if (prefix(b, 0x20, 0x01, 0x00, 0x00)) {
      out.add(v4(b[4], b[5], b[6], b[7])); // Teredo server
      out.add(v4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15])); // Teredo client, obfuscated
    }
    return out;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean prefix(byte[] b, int... bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (b[i] != (byte) bytes[i]) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress v4(byte a, byte b, byte c, byte d) {
    try {
      return InetAddress.getByAddress(new byte[] {a, b, c, d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always a valid address
    }
  }
}
