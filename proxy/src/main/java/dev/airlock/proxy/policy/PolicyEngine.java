package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides requests against an immutable compiled snapshot. {@link #decide} is pure: no I/O, no
 * locks, and it sees either the old or the new snapshot, never a mix. Enforcement modes are not
 * applied here; the data plane applies {@code settings(env).mode()} to the decision.
 */
public final class PolicyEngine {
  private final RiskModel riskModel;
  private final AtomicReference<PolicySnapshot> snapshot =
      new AtomicReference<>(PolicySnapshot.empty());

  /** An engine with the default risk weights and no policies. */
  public PolicyEngine() {
    this(RiskModel.defaults());
  }

  public PolicyEngine(RiskModel riskModel) {
    this.riskModel = requireNonNull(riskModel, "riskModel");
  }

  /**
   * Decides one request against the current snapshot of ctx.env(): the first matching rule in
   * evaluation order, or the environment's default action with reason DEFAULT_ACTION.
   */
  public Decision decide(RequestFacts facts, AgentContext ctx) {
    EnvIndex index = snapshot.get().index(ctx.env());
    Evaluation ev = new Evaluation(facts, ctx, index);
    score(ev, index);
    for (CompiledRule rule : ev.bucket.rulesFor(ev.host)) {
      if (rule.matches(ev)) {
        return rule.decide(ev);
      }
    }
    return index.defaultDecision(ev);
  }

  /**
   * Decides a request of which some facts are {@code missing} (a stored trace replayed against
   * other policies): rules that read a missing fact are taken not to apply, and the result names
   * the missing facts of those among them that come before the deciding rule and whose known parts
   * hold, since any of them could have decided instead. With nothing missing this is {@link
   * #decide}.
   */
  public Replay replay(RequestFacts facts, AgentContext ctx, Set<MissingFact> missing) {
    if (missing.isEmpty()) {
      return new Replay(decide(facts, ctx), Set.of());
    }
    EnvIndex index = snapshot.get().index(ctx.env());
    Evaluation ev = new Evaluation(facts, ctx, index);
    score(ev, index);
    Set<MissingFact> undecided = EnumSet.noneOf(MissingFact.class);
    for (CompiledRule rule : ev.bucket.rulesFor(ev.host)) {
      Set<MissingFact> reads = rule.readsOf(missing);
      if (reads.isEmpty()) {
        if (rule.matches(ev)) {
          return new Replay(rule.decide(ev), undecided);
        }
      } else if (rule.matchesKnown(ev, missing)) {
        undecided.addAll(reads);
      }
    }
    return new Replay(index.defaultDecision(ev), undecided);
  }

  /**
   * The request's raw risk from its signals, scaled into the effective risk by the agent's
   * pinned scrutiny (else the environment's multiplier) and its trust (SPEC §4.3).
   */
  private void score(Evaluation ev, EnvIndex index) {
    int mask = riskModel.signals(ev.facts);
    double raw = riskModel.probability(mask);
    AgentContext ctx = ev.ctx;
    double multiplier = ctx.scrutinyPin() > 0 ? ctx.scrutinyPin() : index.settings().scrutinyMultiplier();
    double effective = RiskModel.effective(raw, multiplier, ctx.trust());
    ev.risk = effective;
    ev.riskSignals = RiskSignals.of(riskModel, mask, raw, effective, ctx.trust(), multiplier);
  }

  /**
   * Compiles the given environments and their applicable documents into a new snapshot and swaps
   * it in atomically. On PolicyException the previous snapshot stays in place.
   */
  public void install(Collection<EnvironmentSettings> envs, Collection<PolicyDocument> documents) {
    PolicySnapshot next = PolicyCompiler.compile(List.copyOf(envs), List.copyOf(documents));
    snapshot.set(next);
  }

  /** Settings of an env in the current snapshot (defaults when unknown). */
  public EnvironmentSettings settings(String env) {
    return snapshot.get().settings(env);
  }

  /** The risk model decisions are scored with, for traces that record every signal. */
  public RiskModel riskModel() {
    return riskModel;
  }
}
