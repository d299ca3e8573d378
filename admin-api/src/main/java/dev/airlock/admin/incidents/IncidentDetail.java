package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * An incident with its timeline (linked traces in time order), notes and actions, oldest first.
 */
public record IncidentDetail(Incident incident, List<TimelineEntry> timeline, List<Note> notes,
    List<ActionRecord> actions) {
  public IncidentDetail {
    timeline = List.copyOf(timeline);
    notes = List.copyOf(notes);
    actions = List.copyOf(actions);
  }

  /**
   * One linked trace, with what the traces table says of it ({@code found} false once the trace
   * has been purged by retention, or before its batch is written).
   */
  public record TimelineEntry(String traceId, Instant time, Instant addedAt, boolean found, String tool,
      String operation, String decision, List<String> reasons, String severity, String host) {
    public TimelineEntry {
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
  }

  /** A note: who wrote it (admin key id and name) and when; never edited. */
  public record Note(long id, String authorKeyId, String authorName, String text, Instant time) {}

  /**
   * Something done about the incident.
   *
   * @param kind e.g. lower_trust, pin_scrutiny, alert, suspend_agent, rotate_key, open_ticket
   * @param actor {@code system} or the admin key id
   * @param outcome ok or failed
   * @param result what came of it (new key id, ticket key and URL, error message); never a secret
   */
  public record ActionRecord(long id, String kind, String actor, JsonNode parameters, String outcome, JsonNode result,
      Instant time) {}
}
