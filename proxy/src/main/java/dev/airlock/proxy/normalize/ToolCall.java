package dev.airlock.proxy.normalize;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What a request does, in the catalog's terms.
 *
 * @param tool tool name, e.g. "slack", "github", or the registrable domain for unknown hosts
 * @param operation operation name, e.g. "post_message", or "http_post" for unknown hosts
 * @param verb READ / WRITE / ADMIN
 * @param gitPush ref updates for github.git_push (and any git receive-pack), else null
 * @param recipients addresses, domains or owners the request sends data to (email recipients,
 *     channel ids, repository owners); used to decide whether a principal is external
 * @param attributes other facts a normalizer extracted (e.g. "channel", "repo"), for traces
 *     (never stored: recipients and attributes may hold addresses)
 */
public record ToolCall(
    String tool,
    String operation,
    Verb verb,
    GitPush gitPush,
    List<String> recipients,
    Map<String, String> attributes) {

  /** A recipient meaning "anyone": a public grant (a Drive file shared with anyone). Always external. */
  public static final String ANYONE = "*";
  /**
   * Attribute naming the operation the call becomes when a recipient is external, e.g. Drive's
   * share_file → share_file_external: the normalizer cannot tell, only the org configuration can.
   */
  public static final String EXTERNAL_OPERATION = "operation_if_external";

  public ToolCall {
    requireNonNull(tool, "tool");
    requireNonNull(operation, "operation");
    requireNonNull(verb, "verb");
    recipients = List.copyOf(recipients);
    attributes = Map.copyOf(attributes);
  }

  /** This call as it is when a recipient is outside the org: renamed when the normalizer said how. */
  public ToolCall whenExternal() {
    String external = attributes.get(EXTERNAL_OPERATION);
    return external == null ? this : new ToolCall(tool, external, verb, gitPush, recipients, attributes);
  }

  public static ToolCall of(String tool, String operation, Verb verb) {
    return new ToolCall(tool, operation, verb, null, List.of(), Map.of());
  }
}
