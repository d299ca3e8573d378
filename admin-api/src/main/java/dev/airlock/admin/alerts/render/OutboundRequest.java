package dev.airlock.admin.alerts.render;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP POST a channel's delivery makes: where, with which headers and body. Its {@code uri}
 * and headers may hold the channel's secrets, so {@link #toString} shows neither.
 */
public record OutboundRequest(URI uri, Map<String, String> headers, byte[] body) {
  public OutboundRequest {
    requireNonNull(uri, "uri");
    headers = Map.copyOf(headers);
    requireNonNull(body, "body");
  }

  @Override
  public String toString() {
    return "OutboundRequest[" + uri.getScheme() + "://" + uri.getHost() + ", " + body.length + " bytes]";
  }
}
