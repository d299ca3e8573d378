package dev.airlock.proxy.server;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.Decision;
import java.util.List;

/**
 * The data plane's verdict on one request: what the engine decided and what will be done.
 *
 * @param call the normalized tool call
 * @param decision the engine's decision (the would-be action)
 * @param enforced the action actually taken (ALLOW instead of DENY in monitor/alert mode)
 * @param dataClasses detector ids found as egress, never values
 * @param boundDataClasses detector ids of credentials sent to their own issuer (not egress)
 * @param egressPlaces where the egress findings were ("SECRETS.jwt in header x-debug"), no values
 * @param storedPath the request path as traces keep it (secrets replaced), or null when the
 *     path was not inspected
 * @param redactedBody the body to forward instead of the original (SANITIZE), else null
 * @param policyMicros time spent inspecting and deciding
 */
public record Verdict(ToolCall call, Decision decision, Action enforced, List<String> dataClasses,
    List<String> boundDataClasses, List<String> egressPlaces, String storedPath, byte[] redactedBody, long policyMicros) {
  public Verdict {
    requireNonNull(call, "call");
    requireNonNull(decision, "decision");
    requireNonNull(enforced, "enforced");
    dataClasses = List.copyOf(dataClasses);
    boundDataClasses = List.copyOf(boundDataClasses);
    egressPlaces = List.copyOf(egressPlaces);
  }
}
