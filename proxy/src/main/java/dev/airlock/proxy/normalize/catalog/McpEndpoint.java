package dev.airlock.proxy.normalize.catalog;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.normalize.Verb;
import java.util.List;

/**
 * A catalog entry's MCP server: JSON-RPC requests to it are MCP even without MCP headers, its tool
 * calls are named after the entry's tool, and their verbs may be given per MCP tool name.
 *
 * @param path where the endpoint answers, or null for any path on the entry's hosts
 * @param tools verbs of MCP tools by name glob, first match wins; unlisted tools are WRITE
 */
public record McpEndpoint(PathTemplate path, List<ToolVerb> tools) {
  public McpEndpoint {
    tools = List.copyOf(tools);
  }

  /** A verb for the MCP tools whose names match {@code name} ('*' matches any characters). */
  public record ToolVerb(String name, Verb verb) {
    public ToolVerb {
      requireNonNull(name, "name");
      requireNonNull(verb, "verb");
    }
  }

  public boolean serves(String requestPath) {
    return path == null || path.match(requestPath).isPresent();
  }

  /** The verb the catalog gives MCP tool {@code toolName}, or null when it says nothing. */
  public Verb verbOf(String toolName) {
    for (ToolVerb t : tools) {
      if (Glob.matches(t.name(), toolName)) {
        return t.verb();
      }
    }
    return null;
  }
}
