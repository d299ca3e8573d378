package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.incidents.IncidentDetail.ActionRecord;
import dev.airlock.admin.incidents.IncidentDetail.Note;
import dev.airlock.admin.incidents.IncidentDetail.TimelineEntry;
import java.time.Instant;

/** The API's (and the audit log's) JSON shapes of incidents. */
public final class IncidentJson {
  private IncidentJson() {}

  public static ObjectNode incident(Incident i) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", i.id());
    n.put("title", i.title());
    n.put("severity", i.severity());
    n.put("env", i.env());
    n.put("agent", i.agent());
    n.put("trigger", i.trigger());
    n.put("status", i.status());
    n.put("resolution", i.resolution());
    n.put("opened_by", i.openedBy());
    n.put("opened_at", time(i.openedAt()));
    n.put("updated_at", time(i.updatedAt()));
    n.put("closed_at", time(i.closedAt()));
    n.put("trace_count", i.traceCount());
    n.put("note_count", i.noteCount());
    n.put("action_count", i.actionCount());
    return n;
  }

  public static ObjectNode detail(IncidentDetail d) {
    ObjectNode n = incident(d.incident());
    ArrayNode timeline = n.putArray("timeline");
    for (TimelineEntry t : d.timeline()) {
      ObjectNode e = timeline.addObject();
      e.put("trace_id", t.traceId());
      e.put("time", time(t.time()));
      e.put("added_at", time(t.addedAt()));
      e.put("found", t.found());
      e.put("tool", t.tool());
      e.put("operation", t.operation());
      e.put("decision", t.decision());
      ArrayNode reasons = e.putArray("reasons");
      t.reasons().forEach(reasons::add);
      e.put("severity", t.severity());
      e.put("host", t.host());
    }
    ArrayNode notes = n.putArray("notes");
    d.notes().forEach(note -> notes.add(note(note)));
    ArrayNode actions = n.putArray("actions");
    d.actions().forEach(a -> actions.add(action(a)));
    return n;
  }

  public static ObjectNode note(Note note) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", note.id());
    n.put("author_key_id", note.authorKeyId());
    n.put("author_name", note.authorName());
    n.put("text", note.text());
    n.put("time", time(note.time()));
    return n;
  }

  public static ObjectNode action(ActionRecord a) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", a.id());
    n.put("kind", a.kind());
    n.put("actor", a.actor());
    n.set("parameters", a.parameters());
    n.put("outcome", a.outcome());
    n.set("result", a.result());
    n.put("time", time(a.time()));
    return n;
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
