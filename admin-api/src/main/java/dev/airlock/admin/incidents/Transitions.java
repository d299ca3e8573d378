package dev.airlock.admin.incidents;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The moves of an incident's status (open → investigating → closed, or open → closed) and the
 * resolution codes a close needs.
 */
public final class Transitions {
  public static final List<String> RESOLUTIONS =
      List.of("false_positive", "agent_misbehavior", "agent_compromised", "policy_gap", "infrastructure");
  public static final String FALSE_POSITIVE = "false_positive";
  public static final List<String> STATUSES = List.of(Incident.OPEN, Incident.INVESTIGATING, Incident.CLOSED);
  private static final Map<String, Set<String>> NEXT = Map.of(
      Incident.OPEN, Set.of(Incident.INVESTIGATING, Incident.CLOSED),
      Incident.INVESTIGATING, Set.of(Incident.CLOSED),
      Incident.CLOSED, Set.of());

  private Transitions() {}

  public static boolean allowed(String from, String to) {
    return NEXT.getOrDefault(from, Set.of()).contains(to);
  }

  static String describe(String from) {
    Set<String> next = NEXT.getOrDefault(from, Set.of());
    return next.isEmpty() ? "none, it is final" : String.join(", ", new java.util.TreeSet<>(next));
  }
}
