package dev.airlock.proxy.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Hop-by-hop header removal and the Via header, for both directions. */
final class ForwardHeaders {
  static final String VIA_VALUE = "1.1 airlock";

  private static final Set<AsciiString> HOP_BY_HOP = Set.of(
      HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE,
      HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
      HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, AsciiString.cached("proxy-connection"));

  private ForwardHeaders() {}

  /**
   * Removes hop-by-hop headers (the fixed set and those named in Connection) and appends Via.
   * Transfer-Encoding is removed too: the caller sets framing for the hop it writes.
   */
  static void prepare(HttpHeaders headers) {
    List<String> named = new ArrayList<>();
    for (String v : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : v.split(",")) {
        String t = token.trim();
        if (!t.isEmpty()) {
          named.add(t);
        }
      }
    }
    for (String n : named) {
      headers.remove(n);
    }
    for (AsciiString h : HOP_BY_HOP) {
      headers.remove(h);
    }
    headers.add(HttpHeaderNames.VIA, VIA_VALUE);
  }
}
