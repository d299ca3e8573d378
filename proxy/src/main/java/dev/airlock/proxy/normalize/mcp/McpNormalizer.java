package dev.airlock.proxy.normalize.mcp;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.body.BodyFields;
import dev.airlock.proxy.normalize.catalog.CatalogEntry;
import dev.airlock.proxy.normalize.catalog.McpEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MCP over Streamable HTTP, on any host: a JSON-RPC 2.0 body together with an MCP sign (an
 * {@code Mcp-*} header, or an Accept of both JSON and an event stream), a JSON-RPC body sent to
 * an endpoint the catalog names with {@code mcp}, or a JSON-RPC {@code tools/call} with no sign
 * at all (a method no other protocol uses). {@code tools/call} becomes operation =
 * {@code params.name} (WRITE unless the catalog says otherwise); other methods become
 * {@code mcp_<method>} with '/' and '.' replaced by '_'; a batch is {@code mcp_batch}.
 */
public final class McpNormalizer {
  /** Attribute set when the Mcp-Method / Mcp-Name headers contradict the body: the call is refused. */
  public static final String HEADER_MISMATCH = "mcp_header_mismatch";
  /** Attribute set on a JSON-RPC batch: each of its messages is decided on its own. */
  public static final String BATCH = "mcp_batch";
  static final String BATCH_OPERATION = "mcp_batch";
  private static final String TOOL_NAME = "[A-Za-z0-9_./-]{1,128}";
  private static final String METHOD_NAME = "[A-Za-z0-9_./-]{1,64}";
  /** Methods that only read (discovery, reads, subscriptions, client notifications). */
  private static final Set<String> READ_METHODS = Set.of("initialize", "ping", "tools/list", "prompts/list",
      "prompts/get", "resources/list", "resources/templates/list", "resources/read", "resources/subscribe",
      "resources/unsubscribe", "completion/complete");

  /** The catalog entries that name an MCP server, in matching order. */
  private final List<CatalogEntry> entries;

  /** @param entries catalog entries, in matching order; those with {@code mcp} name their servers */
  public McpNormalizer(List<CatalogEntry> entries) {
    this.entries = entries.stream().filter(e -> e.mcp() != null).toList();
  }

  /** JSON-RPC messages come in a POST body, or one by one as WebSocket messages (method {@code WS}). */
  private static boolean posted(InspectedRequest req) {
    return req.method().equals("POST") || req.method().equals("WS");
  }

  /**
   * @param hostTool the tool name the rest of the catalog gives the host (its registrable domain
   *     when nothing names it), used when no entry names the MCP server
   * @return the MCP call, or empty when the request is not MCP
   */
  public Optional<ToolCall> normalize(InspectedRequest req, String hostTool) {
    CatalogEntry configured = configuredEntry(req);
    if (configured == null && !McpHeaders.present(req)
        && !(posted(req) && ToolCallSniffer.isToolCall(req.body()))) {
      return Optional.empty();
    }
    String tool = configured != null ? configured.tool() : hostTool;
    if (!posted(req)) {
      return streamOrSession(req, tool);
    }
    Optional<JsonRpcMessage.Body> body = BodyFields.json(req).flatMap(JsonRpcMessage::parse);
    if (body.isEmpty()) {
      return Optional.empty();
    }
    McpEndpoint endpoint = configured == null ? null : configured.mcp();
    List<JsonRpcMessage> messages = body.get().messages();
    Map<String, String> attributes = new LinkedHashMap<>();
    String mismatch = McpHeaders.mismatch(req, messages);
    if (mismatch != null) {
      attributes.put(HEADER_MISMATCH, mismatch);
    }
    if (body.get().batch()) {
      attributes.put(BATCH, Integer.toString(messages.size()));
      Verb verb = Verb.READ;
      for (JsonRpcMessage m : messages) {
        if (verbOf(m, endpoint) != Verb.READ) {
          verb = Verb.WRITE;
        }
      }
      return Optional.of(new ToolCall(tool, BATCH_OPERATION, verb, null, List.of(), attributes));
    }
    JsonRpcMessage m = messages.get(0);
    if (m.method() != null) {
      attributes.put("mcp_method", m.method());
    }
    if (m.isToolCall() && m.name() != null) {
      attributes.put("mcp_tool", m.name());
    }
    return Optional.of(new ToolCall(tool, operationOf(m), verbOf(m, endpoint), null, List.of(), attributes));
  }

  /** True when a call is a JSON-RPC batch whose messages must be decided one by one. */
  public static boolean isBatch(ToolCall call) {
    return call.attributes().containsKey(BATCH);
  }

  /** Why the call's MCP headers contradict its body, or null when they do not. */
  public static String headerMismatch(ToolCall call) {
    return call.attributes().get(HEADER_MISMATCH);
  }

  /** GET opens the server's event stream; DELETE ends a session. */
  private static Optional<ToolCall> streamOrSession(InspectedRequest req, String tool) {
    boolean session = req.header(McpHeaders.SESSION) != null || req.header(McpHeaders.PROTOCOL_VERSION) != null;
    if (req.method().equals("GET") && session && McpHeaders.acceptsEventStream(req)) {
      return Optional.of(ToolCall.of(tool, "mcp_open_stream", Verb.READ));
    }
    if (req.method().equals("DELETE") && req.header(McpHeaders.SESSION) != null) {
      return Optional.of(ToolCall.of(tool, "mcp_end_session", Verb.WRITE));
    }
    return Optional.empty();
  }

  static String operationOf(JsonRpcMessage m) {
    if (m.method() == null) {
      return "mcp_response"; // the client answering a server's request (sampling, elicitation, roots)
    }
    if (m.isToolCall()) {
      // Names outside MCP's tool-name alphabet are not echoed into traces and policies.
      return m.name() != null && m.name().matches(TOOL_NAME) ? m.name() : "mcp_tools_call";
    }
    if (!m.method().matches(METHOD_NAME)) {
      return "mcp_unknown_method";
    }
    return "mcp_" + m.method().replace('/', '_').replace('.', '_');
  }

  private static Verb verbOf(JsonRpcMessage m, McpEndpoint endpoint) {
    if (m.isToolCall()) {
      Verb configured = endpoint == null || m.name() == null ? null : endpoint.verbOf(m.name());
      return configured != null ? configured : Verb.WRITE;
    }
    if (m.method() == null) {
      return Verb.WRITE; // a response carries the client's data (a model's answer, a user's input)
    }
    return READ_METHODS.contains(m.method()) || m.method().startsWith("notifications/") ? Verb.READ : Verb.WRITE;
  }

  private CatalogEntry configuredEntry(InspectedRequest req) {
    for (CatalogEntry e : entries) {
      if (e.servesHost(req.host()) && e.mcp().serves(req.path())) {
        return e;
      }
    }
    return null;
  }

  /** The messages of a batch body with their byte ranges, for deciding each on its own. */
  public static List<BatchPart> batchParts(InspectedRequest req) {
    return BatchPart.split(req.body());
  }
}
