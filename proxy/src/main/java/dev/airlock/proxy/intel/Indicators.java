package dev.airlock.proxy.intel;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.util.Locale;

/**
 * Reads one indicator as feeds write it and puts it in the form the index compares: lower-case
 * domains without a trailing dot, IP addresses and CIDR blocks as byte ranges, URLs as {@link
 * UrlKey}s. Each method answers null for text that is not an indicator of its kind.
 */
final class Indicators {
  private static final int MAX_DOMAIN = 253;

  private Indicators() {}

  /** A domain name: letters, digits, '-' and '_' in dot-separated labels, at least two labels. */
  static String domain(String s) {
    String d = s;
    if (d.startsWith("*.")) {
      d = d.substring(2);
    } else if (d.startsWith(".")) {
      d = d.substring(1);
    }
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.isEmpty() || d.length() > MAX_DOMAIN) {
      return null;
    }
    if (!isAscii(d)) {
      try {
        d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    d = d.toLowerCase(Locale.ROOT);
    int labels = 0;
    int start = 0;
    while (start <= d.length()) {
      int dot = d.indexOf('.', start);
      int end = dot < 0 ? d.length() : dot;
      if (!validLabel(d, start, end)) {
        return null;
      }
      labels++;
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    // A single word is more likely a mistake than a top-level domain, and no top-level domain is all
    // digits (so 300.1.1.1 is a broken address, not a name).
    return labels < 2 || d.substring(d.lastIndexOf('.') + 1).chars().allMatch(Character::isDigit) ? null : d;
  }

  /** An IP address or CIDR block ({@code 203.0.113.7}, {@code 198.51.100.0/24}, {@code 2001:db8::/32}). */
  static IpBlock ipBlock(String s) {
    int slash = s.indexOf('/');
    String ip = slash < 0 ? s : s.substring(0, slash);
    if (ip.startsWith("[") && ip.endsWith("]")) {
      ip = ip.substring(1, ip.length() - 1);
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
    if (bytes == null) {
      return null;
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return null;
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        return null;
      }
    }
    return IpBlock.of(bytes, prefix);
  }

  private static boolean validLabel(String d, int start, int end) {
    int len = end - start;
    if (len < 1 || len > 63 || d.charAt(start) == '-' || d.charAt(end - 1) == '-') {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = d.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }
}
