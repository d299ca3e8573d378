package dev.airlock.admin.policies;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.MissingFact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The counts of a {@link Simulation}: bounded however many traces it sees. */
public final class SimulationReport {
  private final int examples;
  private final int limit;
  private long read;
  private long skipped;
  private long unchanged;
  private long changed;
  private long incomplete;
  private long differsFromRecorded;
  private boolean truncated;
  private final Map<String, Transition> transitions = new LinkedHashMap<>();
  private final Map<MissingFact, Long> lacking = new EnumMap<>(MissingFact.class);
  private final List<String> incompleteExamples = new ArrayList<>();

  private static final class Transition {
    final Action from;
    final Action to;
    long count;
    final List<String> examples = new ArrayList<>();

    Transition(Action from, Action to) {
      this.from = from;
      this.to = to;
    }
  }

  SimulationReport(int examples, int limit) {
    if (examples < 0 || examples > Simulation.MAX_EXAMPLES) {
      throw new IllegalArgumentException("examples: " + examples + " (expected: 0.." + Simulation.MAX_EXAMPLES + ")");
    }
    this.examples = examples;
    this.limit = limit;
  }

  long read() {
    return read;
  }

  void truncated() {
    truncated = true;
  }

  void skipped() {
    read++;
    skipped++;
  }

  void incomplete(String traceId, Set<MissingFact> lacked) {
    read++;
    incomplete++;
    lacked.forEach(f -> lacking.merge(f, 1L, Long::sum));
    if (incompleteExamples.size() < examples) {
      incompleteExamples.add(traceId);
    }
  }

  void replayed(String traceId, Action from, Action to, boolean baselineDiffersFromRecorded) {
    read++;
    if (baselineDiffersFromRecorded) {
      differsFromRecorded++;
    }
    if (from == to) {
      unchanged++;
      return;
    }
    changed++;
    Transition t = transitions.computeIfAbsent(from + "->" + to, k -> new Transition(from, to));
    t.count++;
    if (t.examples.size() < examples) {
      t.examples.add(traceId);
    }
  }

  public long changed() {
    return changed;
  }

  /**
   * The report as the admin API returns it: counts, transitions (most frequent first) with
   * example trace ids, and what kept traces from being fully evaluated.
   */
  public ObjectNode toJson() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode out = nodes.objectNode();
    out.put("traces_read", read);
    out.put("traces_replayed", unchanged + changed + incomplete);
    out.put("traces_skipped", skipped);
    out.put("changed", changed);
    out.put("unchanged", unchanged);
    out.put("incomplete", incomplete);
    ObjectNode byFact = out.putObject("incomplete_by_fact");
    lacking.forEach((fact, n) -> byFact.put(fact.wireName(), n));
    ArrayNode ie = out.putArray("incomplete_examples");
    incompleteExamples.forEach(ie::add);
    ArrayNode list = out.putArray("transitions");
    transitions.values().stream()
        .sorted(Comparator.<Transition>comparingLong(t -> -t.count)
            .thenComparing(t -> t.from.name()).thenComparing(t -> t.to.name()))
        .forEach(t -> {
          ObjectNode n = list.addObject();
          n.put("from", t.from.name());
          n.put("to", t.to.name());
          n.put("count", t.count);
          ArrayNode ex = n.putArray("examples");
          t.examples.forEach(ex::add);
        });
    out.put("baseline_differs_from_recorded", differsFromRecorded);
    out.put("truncated", truncated);
    out.put("limit", limit);
    return out;
  }
}
