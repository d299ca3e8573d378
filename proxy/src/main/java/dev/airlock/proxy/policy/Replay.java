package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * The engine's decision on a request known only in part.
 *
 * @param decision the decision when every rule that reads a missing fact does not apply
 * @param undecided the missing facts read by rules ahead of the deciding one whose every known
 *     part holds: had one of them applied, the decision would be its own. Empty when the decision
 *     is certain.
 */
public record Replay(Decision decision, Set<MissingFact> undecided) {
  public Replay {
    requireNonNull(decision, "decision");
    undecided = Set.copyOf(undecided);
  }

  /** True when the decision does not depend on any missing fact. */
  public boolean complete() {
    return undecided.isEmpty();
  }
}
