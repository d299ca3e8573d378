package dev.airlock.proxy.intel;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every indicator of every loaded feed, compiled for lookups: immutable, built off the request
 * path and swapped whole. Domains and URLs sit in hash-indexed packed tables (one probe per form of
 * the destination: each parent domain of the host, the URL with and without its query), IP blocks
 * in sorted disjoint ranges (binary search; IPv4 narrowed to the address's /16 first).
 */
public final class ThreatIndex {
  public static final ThreatIndex EMPTY = new ThreatIndex(List.of());

  private final String[] feedNames;
  private final PackedStrings domains;
  private final PackedStrings urls;
  private final IpBlocks v4;
  private final IpBlocks v6;

  /** Compiles {@code feeds}; where several list the same indicator, the earlier one is named. */
  public ThreatIndex(List<Feed> feeds) {
    feedNames = feeds.stream().map(Feed::name).toArray(String[]::new);
    domains = PackedStrings.of(feeds, Feed::domains);
    urls = PackedStrings.of(feeds, Feed::urls);
    v4 = IpBlocks.of(feeds, false);
    v6 = IpBlocks.of(feeds, true);
  }

  /**
   * The name of a feed listing this destination, or null.
   *
   * @param host the host as requested (a name or an IP literal), lower case
   * @param address the address the request goes to, or null when not resolved
   * @param url the request URL in key form with its query (see {@link #urlKey}), or null
   */
  public String match(String host, InetAddress address, String url) {
    int f = host == null ? -1 : matchHost(host);
    if (f < 0 && address != null) {
      f = matchAddress(address.getAddress());
    }
    if (f < 0 && url != null && urls.size() > 0) {
      f = matchUrl(url);
    }
    return f < 0 ? null : feedNames[f];
  }

  /** The key of a request URL for {@link #match}. */
  public static String urlKey(String scheme, String host, int port, String path, String query) {
    return UrlKey.of(scheme, host, port, path, query);
  }

  /** How many domains, IP blocks and URLs it holds (after dropping duplicates and nested blocks). */
  public int size() {
    return domains.size() + urls.size() + v4.size() + v6.size();
  }

  /** Bytes held by the compiled index, roughly. */
  public long footprint() {
    return domains.footprint() + urls.footprint() + v4.footprint() + v6.footprint();
  }

  private int matchHost(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    byte[] literal = NetUtil.createByteArrayFromIpAddressString(h);
    if (literal != null) {
      return matchAddress(literal);
    }
    if (domains.size() == 0) {
      return -1;
    }
    byte[] b = h.getBytes(StandardCharsets.UTF_8);
    int end = b.length > 0 && b[b.length - 1] == '.' ? b.length - 1 : b.length;
    // The host itself, then each parent domain: a listed domain covers its subdomains.
    for (int from = 0; from < end; ) {
      int f = domains.find(b, from, end);
      if (f >= 0) {
        return f;
      }
      int dot = indexOf(b, (byte) '.', from, end);
      if (dot < 0) {
        break;
      }
      from = dot + 1;
    }
    return -1;
  }

  private int matchUrl(String url) {
    byte[] b = url.getBytes(StandardCharsets.UTF_8);
    int f = urls.find(b, 0, b.length);
    if (f >= 0) {
      return f;
    }
    int q = indexOf(b, (byte) '?', 0, b.length);
    return q < 0 ? -1 : urls.find(b, 0, q);
  }

  private int matchAddress(byte[] a) {
    if (a.length == 4) {
      return v4.find(0, v4Value(a, 0));
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (a[i] & 0xff);
      lo = (lo << 8) | (a[i + 8] & 0xff);
    }
    int f = v6.find(hi, lo);
    if (f < 0 && hi == 0 && (lo >>> 32) == 0xffffL) {
      f = v4.find(0, lo & 0xffffffffL); // IPv4-mapped: judged as the IPv4 address it is
    }
    return f;
  }

  /** Also usable with an {@link Inet4Address}'s bytes. */
  private static long v4Value(byte[] a, int at) {
    return ((a[at] & 0xffL) << 24) | ((a[at + 1] & 0xffL) << 16) | ((a[at + 2] & 0xffL) << 8) | (a[at + 3] & 0xffL);
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
