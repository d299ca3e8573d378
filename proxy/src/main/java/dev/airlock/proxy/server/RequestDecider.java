package dev.airlock.proxy.server;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.EnforcementMode;

/** Turns one inspected request into a verdict. Pure CPU work; safe to call on an event loop. */
public interface RequestDecider {
  Verdict decide(InspectedRequest request, AgentContext agent);

  /** Tool and operation only, for requests refused before inspection. */
  ToolCall normalize(InspectedRequest request);

  /**
   * The path as traces and logs may keep it: secrets found in it replaced. For requests refused
   * before inspection; an inspected request's verdict carries it already.
   */
  String storedPath(String host, String path);

  /** The enforcement mode of an environment. */
  EnforcementMode mode(String env);

  /**
   * How long a request that needs approval is held open in an environment waiting for a decision
   * (0: answered at once as pending).
   */
  default int approvalHoldSeconds(String env) {
    return 0;
  }
}
