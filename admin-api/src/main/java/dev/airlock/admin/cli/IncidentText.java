package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** How {@code airlock incident} prints an incident and the outcome of an action. */
final class IncidentText {
  private IncidentText() {}

  static String details(JsonNode i) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("ID", Output.text(i, "id"));
    fields.put("Title", Output.text(i, "title"));
    fields.put("Status", Output.text(i, "status")
        + (i.hasNonNull("resolution") ? " (" + Output.text(i, "resolution") + ")" : ""));
    fields.put("Severity", Output.text(i, "severity"));
    fields.put("Environment", Output.text(i, "env"));
    fields.put("Agent", Output.text(i, "agent"));
    fields.put("Trigger", Output.text(i, "trigger"));
    fields.put("Opened", Output.time(Output.text(i, "opened_at")) + " by " + Output.text(i, "opened_by"));
    if (i.hasNonNull("closed_at")) {
      fields.put("Closed", Output.time(Output.text(i, "closed_at")));
    }
    StringBuilder out = new StringBuilder(Table.details(fields));
    Table timeline = Table.of(Table.column("TIME"), Table.column("TRACE"), Table.column("TOOL", 30),
        Table.column("DECISION"), Table.column("REASONS", 50));
    for (JsonNode t : i.path("timeline")) {
      timeline.row(Output.time(Output.text(t, "time")), Output.text(t, "trace_id"),
          Output.text(t, "tool") + " " + Output.text(t, "operation"), Output.text(t, "decision"),
          Output.joined(t.path("reasons")));
    }
    out.append("\nTimeline:\n").append(timeline.isEmpty() ? "  (no traces)\n" : timeline.render());
    out.append("\nNotes:\n");
    if (i.path("notes").isEmpty()) {
      out.append("  (none)\n");
    }
    for (JsonNode n : i.path("notes")) {
      String author = Output.text(n, "author_name").isEmpty() ? Output.text(n, "author_key_id")
          : Output.text(n, "author_name") + " (" + Output.text(n, "author_key_id") + ")";
      out.append("  ").append(Output.time(Output.text(n, "time"))).append("  ").append(author).append(": ")
          .append(Output.text(n, "text")).append('\n');
    }
    Table actions = Table.of(Table.column("TIME"), Table.column("ACTION"), Table.column("BY"),
        Table.column("OUTCOME"), Table.column("RESULT", 60));
    for (JsonNode a : i.path("actions")) {
      actions.row(Output.time(Output.text(a, "time")), Output.text(a, "kind"), Output.text(a, "actor"),
          Output.text(a, "outcome"), a.path("result").toString());
    }
    out.append("\nActions:\n").append(actions.isEmpty() ? "  (none)\n" : actions.render());
    return out.toString();
  }

  static String actionLine(String id, JsonNode done) {
    String kind = Output.text(done, "kind");
    JsonNode result = done.path("result");
    return switch (kind) {
      case "suspend_agent", "unsuspend_agent" -> "Agent " + Output.text(result, "agent_id") + " is now "
          + Output.text(result, "status") + " (incident " + id + ").";
      case "rotate_key" -> "Rotated key " + Output.text(result, "old_key_id") + "; new key "
          + Output.text(done.path("new_key"), "id") + ": " + Output.text(done.path("new_key"), "secret")
          + "\n(shown once; give it to the agent now)";
      case "notify_channel" -> "Queued for channel " + Output.text(done.path("parameters"), "channel") + ".";
      case "open_ticket" -> "Opened " + Output.text(result, "system") + " ticket " + Output.text(result, "key")
          + ": " + Output.text(result, "url");
      default -> kind + ": " + Output.text(done, "outcome");
    };
  }
}
