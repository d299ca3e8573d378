package dev.airlock.admin.policies;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.MissingFact;
import dev.airlock.proxy.policy.RequestFacts;
import dev.airlock.proxy.trace.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a stored trace tells the policy engine about its request, and what it cannot: the body's
 * text (only its size and the detector ids found are kept), a push's ref updates, whether a
 * recipient was external, the runtime type of an agent that no longer exists, and a path whose
 * secrets were replaced before it was stored.
 *
 * @param facts the request as far as the trace knows it (no body, no push, no external recipient)
 * @param agent who sent it
 * @param missing the facts the trace does not have
 */
record TraceFacts(RequestFacts facts, AgentContext agent, Set<MissingFact> missing) {
  private static final String REDACTED = "[REDACTED:";
  private static final String GIT_PUSH = "git_push";

  /**
   * The facts of a trace the policy engine decided, or empty for a trace decided before any
   * policy (authentication, destination guard, protocol refusals) or that names no verb or data
   * class the engine knows.
   *
   * @param runtimeTypes runtime type by agent name, for the trace's environment
   */
  static Optional<TraceFacts> of(Trace t, Map<String, String> runtimeTypes) {
    if (!decidedByPolicy(t)) {
      return Optional.empty();
    }
    Verb verb;
    try {
      verb = Verb.valueOf(t.verb());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<Finding> findings = new ArrayList<>(t.dataClasses().size());
    for (String id : t.dataClasses()) {
      int dot = id.indexOf('.');
      try {
        findings.add(new Finding(DataClass.valueOf(dot < 0 ? id : id.substring(0, dot)), id, 0, 0));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    Set<MissingFact> missing = EnumSet.of(MissingFact.EXTERNAL_PRINCIPAL);
    if (t.bytesIn() > 0) {
      missing.add(MissingFact.BODY);
    }
    if (GIT_PUSH.equals(t.operation())) {
      missing.add(MissingFact.GIT_PUSH);
    }
    if (t.path() != null && t.path().contains(REDACTED)) {
      missing.add(MissingFact.PATH);
    }
    String runtimeType = runtimeTypes.get(t.agent());
    if (runtimeType == null) {
      missing.add(MissingFact.RUNTIME_TYPE);
    }
    RequestFacts facts = new RequestFacts(t.tool(), t.operation(), verb, t.host(), t.method(),
        t.path() == null ? "/" : t.path(), "", findings, false, null);
    return Optional.of(new TraceFacts(facts, new AgentContext(t.agent(), t.env(), runtimeType), missing));
  }

  /** A rule's decision, or the environment's default action: the engine was asked. */
  static boolean decidedByPolicy(Trace t) {
    return t.ruleRef() != null || t.reasons().contains("DEFAULT_ACTION");
  }
}
