package dev.airlock.proxy.inspect;

import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.KeyScope;
import dev.airlock.proxy.policy.Observations;
import dev.airlock.proxy.policy.Severity;
import java.util.List;
import java.util.Set;

/**
 * The guards that run before any user rule and apply in every enforcement mode, like the
 * destination guard: a destination listed by a threat-intel feed, and a request outside the scope
 * of the ephemeral key it came with. Neither is a matter of policy: a monitor-mode environment
 * still must not talk to a known-bad host, and a key's scope is part of the credential.
 */
public final class BuiltinGuards {
  public static final String THREAT_INTEL_MATCH = "THREAT_INTEL_MATCH";
  /** Prefix of the second reason of a threat-intel refusal, followed by the feed's name. */
  public static final String THREAT_INTEL_FEED = "THREAT_INTEL_FEED:";
  public static final String EPHEMERAL_SCOPE_VIOLATION = "EPHEMERAL_SCOPE_VIOLATION";

  private BuiltinGuards() {}

  /** The guard's refusal of this request, or null when no guard objects. */
  public static Decision check(ToolCall call, String host, AgentContext agent, Observations observed) {
    if (observed.threatIntel()) {
      return new Decision(Action.DENY, List.of(THREAT_INTEL_MATCH, THREAT_INTEL_FEED + observed.threatIntelFeed()),
          null, Severity.CRITICAL, 1.0, Set.of());
    }
    KeyScope scope = agent.scope();
    if (!scope.unlimited() && !scope.permits(call.tool(), call.operation(), host)) {
      return Decision.guard(Action.DENY, EPHEMERAL_SCOPE_VIOLATION, Severity.HIGH);
    }
    return null;
  }

  /** What the agent is told about a guard's refusal, or null when {@code d} is no guard's. */
  public static String message(Decision d, ToolCall call, String host, KeyScope scope) {
    List<String> reasons = d.reasons();
    if (reasons.isEmpty()) {
      return null;
    }
    if (reasons.get(0).equals(THREAT_INTEL_MATCH)) {
      String feed = reasons.size() > 1 && reasons.get(1).startsWith(THREAT_INTEL_FEED)
          ? reasons.get(1).substring(THREAT_INTEL_FEED.length()) : "?";
      return "destination " + host + " is listed by threat-intel feed " + feed;
    }
    if (reasons.get(0).equals(EPHEMERAL_SCOPE_VIOLATION)) {
      String hosts = scope.hosts().isEmpty() ? "" : " on hosts " + String.join(", ", scope.hosts());
      return call.tool() + "." + call.operation() + " on " + host + " is outside this ephemeral key's scope (allowed: "
          + String.join(", ", scope.operations()) + hosts + ")";
    }
    return null;
  }
}
