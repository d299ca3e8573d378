package dev.airlock.proxy.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;

/** Header chores between HTTP/2 streams and the HTTP/1.1 objects the exchange works with. */
final class H2Headers {
  private H2Headers() {}

  /**
   * Removes the {@code x-http2-*} headers Netty's stream codec adds when it turns frames into
   * HTTP/1.1 objects: they describe this hop, are neither the agent's nor the origin's, and must
   * not reach the policy, the trace or the other side.
   */
  static void dropConversionHeaders(HttpHeaders headers) {
    for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
      headers.remove(n.text());
    }
  }

  /** Whether the request carries {@code te: trailers} (the only TE value HTTP/2 allows). */
  static boolean asksForTrailers(HttpHeaders headers) {
    for (String v : headers.getAll(HttpHeaderNames.TE)) {
      for (String token : v.split(",")) {
        if (HttpHeaderValues.TRAILERS.contentEqualsIgnoreCase(token.trim())) {
          return true;
        }
      }
    }
    return false;
  }
}
