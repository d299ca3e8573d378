package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.incidents.IncidentRepository.TraceRef;
import dev.airlock.admin.store.Principal;
import dev.airlock.admin.store.TraceRepository;
import dev.airlock.proxy.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The traces an incident is opened from by hand: each must exist and be visible to the caller (a
 * trace of another environment is as unknown as a missing one), and all must be of one agent of
 * one environment. Any other list is a 400 naming {@code trace_ids}.
 */
record ManualTraces(String env, String agent, List<Trace> traces) {
  static ManualTraces resolve(JsonNode ids, TraceRepository repository, Principal who) {
    Set<String> wanted = new LinkedHashSet<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || id.asText().isBlank()) {
        throw ApiException.badRequest("invalid_field", "trace_ids", "trace_ids: " + id + " is not a trace id");
      }
      wanted.add(id.asText());
    }
    List<Trace> found = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String id : wanted) {
      repository.find(id).filter(t -> who.canSee(t.env())).ifPresentOrElse(found::add, () -> unknown.add(id));
    }
    if (!unknown.isEmpty()) {
      throw ApiException.badRequest("unknown_trace", "trace_ids", "trace_ids: unknown trace(s) " + unknown);
    }
    Set<String> envs = new LinkedHashSet<>();
    Set<String> agents = new LinkedHashSet<>();
    found.forEach(t -> {
      envs.add(t.env());
      agents.add(t.agent());
    });
    if (envs.size() > 1 || agents.size() > 1) {
      throw ApiException.badRequest("mixed_traces", "trace_ids",
          "trace_ids: traces of one agent of one environment (got environments " + envs + ", agents " + agents + ")");
    }
    if (envs.iterator().next().isEmpty() || agents.iterator().next().isEmpty()) {
      throw ApiException.badRequest("unknown_trace", "trace_ids",
          "trace_ids: the traces are of an unauthenticated request, no agent to open an incident about");
    }
    return new ManualTraces(envs.iterator().next(), agents.iterator().next(), List.copyOf(found));
  }

  List<TraceRef> refs() {
    return traces.stream().map(t -> new TraceRef(t.id(), t.time())).toList();
  }

  /** The highest severity among the traces. */
  String severity(List<String> order) {
    int max = 0;
    for (Trace t : traces) {
      max = Math.max(max, order.indexOf(t.severity()));
    }
    return order.get(max);
  }
}
