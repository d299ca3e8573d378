package dev.airlock.proxy.normalize.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One tool of the catalog, as read from one file.
 *
 * @param tool tool name, e.g. "jira"
 * @param hosts hosts the tool answers on; a request to them that no operation matches is still
 *     this tool, with operation {@code http_<method>}
 * @param operations operations, tried in order; the first match wins
 * @param recipientVars path variables whose values are recipients (e.g. "owner")
 * @param bodyAttributes JSON body fields copied into the call's attributes (e.g. "model")
 * @param source where the entry came from, e.g. "tools/jira.json", for messages
 * @param mcp the MCP server this tool runs on its hosts, or null
 */
public record CatalogEntry(
    String tool,
    List<HostPattern> hosts,
    List<CatalogOperation> operations,
    List<String> recipientVars,
    List<String> bodyAttributes,
    String source,
    McpEndpoint mcp) {
  public CatalogEntry {
    requireNonNull(tool, "tool");
    requireNonNull(source, "source");
    hosts = List.copyOf(hosts);
    operations = List.copyOf(operations);
    recipientVars = List.copyOf(recipientVars);
    bodyAttributes = List.copyOf(bodyAttributes);
  }

  /** An entry without an MCP server. */
  public CatalogEntry(String tool, List<HostPattern> hosts, List<CatalogOperation> operations,
      List<String> recipientVars, List<String> bodyAttributes, String source) {
    this(tool, hosts, operations, recipientVars, bodyAttributes, source, null);
  }

  public boolean servesHost(String host) {
    // Asked of every entry for every request to a host the catalog does not name: no stream.
    for (HostPattern h : hosts) {
      if (h.matches(host)) {
        return true;
      }
    }
    return false;
  }
}
