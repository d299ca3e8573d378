package dev.airlock.proxy.normalize.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One JSON-RPC 2.0 message as MCP sends it: a request (method and id), a notification (method, no
 * id) or a response to a server's request (id with result or error, no method).
 *
 * @param method the method, or null for a response
 * @param hasId whether the message carries an id
 * @param name {@code params.name} (tools/call, prompts/get), or null
 * @param uri {@code params.uri} (resources/read, resources/subscribe), or null
 */
record JsonRpcMessage(String method, boolean hasId, String name, String uri) {

  /** The messages of a body: one message, or a non-empty array of them (a batch). */
  record Body(List<JsonRpcMessage> messages, boolean batch) {}

  /** The body as JSON-RPC 2.0, or empty when it (or any element of a batch) is anything else. */
  static Optional<Body> parse(JsonNode root) {
    if (root.isObject()) {
      return of(root).map(m -> new Body(List.of(m), false));
    }
    if (!root.isArray() || root.isEmpty()) {
      return Optional.empty();
    }
    List<JsonRpcMessage> out = new ArrayList<>(root.size());
    for (JsonNode element : root) {
      Optional<JsonRpcMessage> m = of(element);
      if (m.isEmpty()) {
        return Optional.empty();
      }
      out.add(m.get());
    }
    return Optional.of(new Body(out, true));
  }

  private static Optional<JsonRpcMessage> of(JsonNode node) {
    if (!node.isObject() || !"2.0".equals(textOf(node.get("jsonrpc")))) {
      return Optional.empty();
    }
    JsonNode id = node.get("id");
    boolean hasId = id != null && (id.isTextual() || id.isIntegralNumber());
    String method = textOf(node.get("method"));
    if (method == null) {
      boolean response = hasId && (node.has("result") || node.has("error"));
      return response ? Optional.of(new JsonRpcMessage(null, true, null, null)) : Optional.empty();
    }
    JsonNode params = node.get("params");
    String name = params == null ? null : textOf(params.get("name"));
    String uri = params == null ? null : textOf(params.get("uri"));
    return Optional.of(new JsonRpcMessage(method, hasId, name, uri));
  }

  private static String textOf(JsonNode n) {
    return n != null && n.isTextual() ? n.asText() : null;
  }

  boolean isToolCall() {
    return "tools/call".equals(method);
  }

  /** What an {@code Mcp-Name} header must repeat: the tool or prompt name, or the resource URI. */
  String headerName() {
    return name != null ? name : uri;
  }
}
