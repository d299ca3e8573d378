package dev.airlock.admin.incidents;

import java.util.List;

/**
 * What a group of signals did: opened an incident, appended traces to the open one, or nothing
 * (below the threshold).
 *
 * @param opened true when this node's transaction opened the incident (it runs the auto-actions)
 * @param traceIds the traces linked by this group, oldest first
 */
record Correlation(Incident incident, boolean opened, List<String> traceIds) {
  Correlation {
    traceIds = List.copyOf(traceIds);
  }
}
