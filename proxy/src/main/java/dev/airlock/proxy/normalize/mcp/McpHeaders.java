package dev.airlock.proxy.normalize.mcp;

import dev.airlock.proxy.normalize.InspectedRequest;
import java.util.List;

/**
 * The HTTP signs of MCP's Streamable HTTP transport, and the check that the routing headers of the
 * stateless form ({@code Mcp-Method}, {@code Mcp-Name}) say what the body says. Gateways and
 * servers may route or authorise on the headers while the server executes the body, so a request
 * whose two disagree could pass a policy as one call and run as another.
 */
final class McpHeaders {
  static final String SESSION = "mcp-session-id";
  static final String PROTOCOL_VERSION = "mcp-protocol-version";
  static final String METHOD = "mcp-method";
  static final String NAME = "mcp-name";

  private McpHeaders() {}

  /** True when the request carries any MCP header, or accepts both JSON and an event stream. */
  static boolean present(InspectedRequest req) {
    return req.header(SESSION) != null || req.header(PROTOCOL_VERSION) != null || req.header(METHOD) != null
        || req.header(NAME) != null || acceptsJsonAndEventStream(req);
  }

  static boolean acceptsEventStream(InspectedRequest req) {
    return accepts(req, "text/event-stream");
  }

  private static boolean acceptsJsonAndEventStream(InspectedRequest req) {
    return accepts(req, "text/event-stream") && accepts(req, "application/json");
  }

  /** Asked of every request that has an Accept header: no copies of the header values. */
  private static boolean accepts(InspectedRequest req, String mediaType) {
    List<String> values = req.headers().get("accept");
    if (values == null) {
      return false;
    }
    for (String v : values) {
      for (int i = 0; i + mediaType.length() <= v.length(); i++) {
        if (v.regionMatches(true, i, mediaType, 0, mediaType.length())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Where the headers contradict the body, in words for the agent; null when they agree or are
   * absent. Every message of a batch must agree with them.
   */
  static String mismatch(InspectedRequest req, List<JsonRpcMessage> messages) {
    String problem = mismatch(req, METHOD, "method", messages, true);
    return problem != null ? problem : mismatch(req, NAME, "name", messages, false);
  }

  private static String mismatch(InspectedRequest req, String header, String what, List<JsonRpcMessage> messages,
      boolean method) {
    List<String> values = req.headers().get(header);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String first = values.get(0).strip();
    for (String v : values) {
      if (!v.strip().equals(first)) {
        return "the " + header + " header has differing values";
      }
    }
    for (JsonRpcMessage m : messages) {
      String inBody = method ? m.method() : m.headerName();
      if (!first.equals(inBody)) {
        return "the " + header + " header names " + quote(first) + " but the JSON-RPC body's " + what + " is "
            + quote(inBody);
      }
    }
    return null;
  }

  private static String quote(String s) {
    if (s == null) {
      return "absent";
    }
    String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return "\"" + shown + "\"";
  }
}
