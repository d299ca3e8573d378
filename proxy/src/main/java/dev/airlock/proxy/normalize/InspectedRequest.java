package dev.airlock.proxy.normalize;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One agent request as the data plane sees it before deciding: target, request line, headers and
 * the body decoded for inspection (content-encoding removed; empty when there is none).
 *
 * @param scheme "https" (MITM) or "http" (absolute-form)
 * @param host lower-case host name or IP literal of the destination
 * @param port destination port
 * @param method upper-case HTTP method
 * @param path path part of the request target, percent-encoding kept, never empty ("/")
 * @param query raw query string without '?', or null
 * @param headers header names in lower case, values in arrival order
 * @param body body bytes decoded for inspection (never null)
 * @param bodyInspected false when the body was larger than the inspection limit and not read
 * @param address the checked address the request goes to, or null when not known (a replayed
 *     trace, a scan of a request that is not sent)
 */
public record InspectedRequest(
    String scheme,
    String host,
    int port,
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    byte[] body,
    boolean bodyInspected,
    InetAddress address) {

  /** A request whose destination address is not known. */
  public InspectedRequest(String scheme, String host, int port, String method, String path, String query,
      Map<String, List<String>> headers, byte[] body, boolean bodyInspected) {
    this(scheme, host, port, method, path, query, headers, body, bodyInspected, null);
  }

  public InspectedRequest {
    requireNonNull(scheme, "scheme");
    requireNonNull(host, "host");
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
    host = host.toLowerCase(Locale.ROOT);
    method = method.toUpperCase(Locale.ROOT);
  }

  /** First value of a header (name matched case-insensitively), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Media type without parameters, lower case, or "" when absent. */
  public String mediaType() {
    String ct = header("content-type");
    if (ct == null) {
      return "";
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** The body as UTF-8 text (malformed sequences replaced). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
