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
 */
public record ToolCall(
    String tool,
    String operation,
    Verb verb,
    GitPush gitPush,
    List<String> recipients,
    Map<String, String> attributes) {

  public ToolCall {
    requireNonNull(tool, "tool");
    requireNonNull(operation, "operation");
    requireNonNull(verb, "verb");
    recipients = List.copyOf(recipients);
    attributes = Map.copyOf(attributes);
  }

  public static ToolCall of(String tool, String operation, Verb verb) {
    return new ToolCall(tool, operation, verb, null, List.of(), Map.of());
  }
}
