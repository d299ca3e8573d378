package dev.airlock.admin.policies;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.KeyScope;
import dev.airlock.proxy.policy.Observations;
import dev.airlock.proxy.policy.RiskSignal;
import dev.airlock.proxy.policy.RiskSignals;
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
 * secrets were replaced before it was stored. A trace with risk signals (every trace the engine
 * scored since they were recorded) tells whether a recipient was external, whether the destination
 * was new or listed by a threat feed, whether the agent was bursting and its trust; an older trace
 * does not, and then neither is the effective risk known. Whether the request carried a value the
 * agent had read is never kept.
 *
 * @param facts the request as far as the trace knows it (no body, no push, no external recipient)
 * @param agent who sent it
 * @param missing the facts the trace does not have
 */
record TraceFacts(RequestFacts facts, AgentContext agent, Set<MissingFact> missing) {
  private static final String REDACTED = "[REDACTED:";
  private static final String GIT_PUSH = "git_push";
  /** A trace records that a feed listed the destination, not which one. */
  private static final String STORED_FEED = "recorded";

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
    Map<String, Double> signals = t.riskSignals();
    boolean scored = signals.containsKey(RiskSignal.EXTERNAL_PRINCIPAL.wireName())
        && signals.containsKey(RiskSignals.TRUST);
    Set<MissingFact> missing = EnumSet.of(MissingFact.READ_THEN_WRITE);
    Observations observed = Observations.NONE.withTime(t.time());
    double trust = AgentContext.NEUTRAL_TRUST;
    if (scored) {
      observed = observed.withNewDestination(present(signals, RiskSignal.NEW_DESTINATION))
          .withThreatIntelFeed(present(signals, RiskSignal.THREAT_INTEL) ? STORED_FEED : null)
          .withBurst(present(signals, RiskSignal.BURST));
      trust = Math.max(0.0, Math.min(1.0, signals.get(RiskSignals.TRUST)));
    } else {
      missing.addAll(EnumSet.of(MissingFact.EXTERNAL_PRINCIPAL, MissingFact.NEW_DESTINATION,
          MissingFact.THREAT_INTEL, MissingFact.TRUST, MissingFact.RISK));
    }
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
        t.path() == null ? "/" : t.path(), "", findings,
        scored && present(signals, RiskSignal.EXTERNAL_PRINCIPAL), null, observed);
    AgentContext agent = new AgentContext(t.agent(), t.env(), runtimeType, trust, 0.0, KeyScope.UNLIMITED);
    return Optional.of(new TraceFacts(facts, agent, missing));
  }

  private static boolean present(Map<String, Double> signals, RiskSignal signal) {
    Double weight = signals.get(signal.wireName());
    return weight != null && weight > 0;
  }

  /** A rule's decision, or the environment's default action: the engine was asked. */
  static boolean decidedByPolicy(Trace t) {
    return t.ruleRef() != null || t.reasons().contains("DEFAULT_ACTION");
  }
}
