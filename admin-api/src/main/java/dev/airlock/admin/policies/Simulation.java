package dev.airlock.admin.policies;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.Replay;
import dev.airlock.proxy.trace.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays stored traces of one environment against its current policies and against a candidate
 * set (the current policies with the candidates replacing those of the same name, or added), with
 * the real engine, and counts the decisions that change. Traces are handed in one at a time and
 * nothing is kept of them but counts and a few example ids, so memory does not grow with them.
 *
 * <p>Both sides are replayed rather than comparing with the decision a trace recorded: the
 * policies in force may have changed since, and a replay sees exactly the facts on both sides. A
 * trace whose decision on either side may depend on a fact traces do not keep is counted as
 * incomplete, with the facts it lacked, and never as changed or unchanged.
 */
public final class Simulation {
  public static final int MAX_TRACES = 100_000;
  public static final int DEFAULT_EXAMPLES = 5;
  public static final int MAX_EXAMPLES = 20;

  private final PolicyEngine baseline;
  private final PolicyEngine candidate;
  private final Map<String, String> runtimeTypes;
  private final int limit;
  private final SimulationReport report;

  /**
   * @param baseline the environment's engine with its current policies
   * @param candidate the environment's engine with the candidate set
   * @param runtimeTypes runtime type by agent name in the environment
   * @param limit at most this many traces are replayed; more make the report truncated
   * @param examples at most this many trace ids per transition
   */
  public Simulation(PolicyEngine baseline, PolicyEngine candidate, Map<String, String> runtimeTypes, int limit,
      int examples) {
    this.baseline = requireNonNull(baseline, "baseline");
    this.candidate = requireNonNull(candidate, "candidate");
    this.runtimeTypes = Map.copyOf(runtimeTypes);
    if (limit < 1 || limit > MAX_TRACES) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_TRACES + ")");
    }
    this.limit = limit;
    this.report = new SimulationReport(examples, limit);
  }

  /** An engine deciding for {@code env} with exactly {@code documents}. */
  public static PolicyEngine engine(EnvironmentSettings env, List<PolicyDocument> documents) {
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(env), documents);
    return engine;
  }

  /** The current documents, with each candidate replacing the one of its name or added. */
  public static List<PolicyDocument> candidateSet(List<PolicyDocument> current, List<PolicyDocument> candidates) {
    Set<String> replaced = new HashSet<>();
    candidates.forEach(c -> replaced.add(c.name()));
    List<PolicyDocument> out = new ArrayList<>();
    for (PolicyDocument doc : current) {
      if (!replaced.contains(doc.name())) {
        out.add(doc);
      }
    }
    out.addAll(candidates);
    return out;
  }

  /** Replays one trace (newest first is the order the report's examples follow). */
  public void accept(Trace trace) {
    if (report.read() >= limit) {
      report.truncated();
      return;
    }
    Optional<TraceFacts> known = TraceFacts.of(trace, runtimeTypes);
    if (known.isEmpty()) {
      report.skipped();
      return;
    }
    TraceFacts f = known.get();
    Replay before = baseline.replay(f.facts(), f.agent(), f.missing());
    Replay after = candidate.replay(f.facts(), f.agent(), f.missing());
    if (!before.complete() || !after.complete()) {
      Set<dev.airlock.proxy.policy.MissingFact> lacked = new HashSet<>(before.undecided());
      lacked.addAll(after.undecided());
      report.incomplete(trace.id(), lacked);
      return;
    }
    Action from = before.decision().action();
    Action to = after.decision().action();
    report.replayed(trace.id(), from, to, !from.name().equals(recorded(trace)));
  }

  public SimulationReport report() {
    return report;
  }

  /**
   * The action the engine decided when the trace was recorded: a SANITIZE that could not be
   * carried out is recorded as a DENY with a CANNOT_SANITIZE reason.
   */
  private static String recorded(Trace t) {
    for (String reason : t.reasons()) {
      if (reason.startsWith("CANNOT_SANITIZE")) {
        return Action.SANITIZE.name();
      }
    }
    return t.decision();
  }
}
