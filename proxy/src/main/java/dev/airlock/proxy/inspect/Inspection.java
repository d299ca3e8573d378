package dev.airlock.proxy.inspect;

import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.policy.RequestFacts;
import java.util.List;

/**
 * What inspection learned about one request.
 *
 * @param call the normalized tool call
 * @param bodyText the body as scanned (UTF-8 text; "" when not inspected)
 * @param bodyFindings findings with spans in {@code bodyText} (redactable)
 * @param otherFindings findings in the query string and in a git push's pack (not redactable, but they count)
 * @param facts the facts the policy engine decides on
 */
public record Inspection(ToolCall call, String bodyText, List<Finding> bodyFindings, List<Finding> otherFindings,
    RequestFacts facts) {
  public Inspection {
    bodyFindings = List.copyOf(bodyFindings);
    otherFindings = List.copyOf(otherFindings);
  }

  /** Distinct detector ids found anywhere, in order of first appearance. */
  public List<String> detectorIds() {
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
    bodyFindings.forEach(f -> ids.add(f.detectorId()));
    otherFindings.forEach(f -> ids.add(f.detectorId()));
    return List.copyOf(ids);
  }
}
