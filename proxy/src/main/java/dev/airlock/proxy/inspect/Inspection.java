package dev.airlock.proxy.inspect;

import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.policy.RequestFacts;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What inspection learned about one request.
 *
 * @param call the normalized tool call
 * @param bodyText the body as scanned (UTF-8 text; "" when not inspected)
 * @param bodyFindings egress findings with spans in {@code bodyText} (redactable)
 * @param otherFindings egress findings elsewhere — path, query, headers, pushed files, other
 *     decodings of the body — which count for the decision but cannot be redacted
 * @param boundFindings secrets sent to their own issuer (the agent's credential for the API it
 *     calls): recorded, never egress, never matched by {@code data_class_any}
 * @param storedPath the request path as traces and logs keep it, secrets replaced
 * @param egressPlaces "detector in place" for each egress finding, e.g. "SECRETS.jwt in header
 *     x-debug", for the agent to learn what to remove (never the value)
 * @param facts the facts the policy engine decides on (egress findings only)
 */
public record Inspection(ToolCall call, String bodyText, List<Finding> bodyFindings, List<Finding> otherFindings,
    List<Finding> boundFindings, String storedPath, List<String> egressPlaces, RequestFacts facts) {
  public Inspection {
    bodyFindings = List.copyOf(bodyFindings);
    otherFindings = List.copyOf(otherFindings);
    boundFindings = List.copyOf(boundFindings);
    egressPlaces = List.copyOf(egressPlaces);
  }

  /** Distinct detector ids of the egress findings, in order of first appearance. */
  public List<String> detectorIds() {
    Set<String> ids = new LinkedHashSet<>();
    bodyFindings.forEach(f -> ids.add(f.detectorId()));
    otherFindings.forEach(f -> ids.add(f.detectorId()));
    return List.copyOf(ids);
  }

  /** Distinct detector ids of the bound findings that were not also found as egress. */
  public List<String> boundDetectorIds() {
    Set<String> ids = new LinkedHashSet<>();
    boundFindings.forEach(f -> ids.add(f.detectorId()));
    ids.removeAll(detectorIds());
    return List.copyOf(ids);
  }
}
