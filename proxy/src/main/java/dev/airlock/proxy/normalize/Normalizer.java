package dev.airlock.proxy.normalize;

import java.util.Optional;

/**
 * Recognises the requests of one tool family and names what they do. Implementations are pure,
 * thread-safe and never throw on odd input: a body they cannot read still yields a result.
 */
public interface Normalizer {

  /** @return the tool call, or empty when the request does not belong to this tool family */
  Optional<ToolCall> normalize(InspectedRequest req);
}
