package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A policy diff from the admin API as the terminal shows it: one line per changed document field
 * and per rule added ({@code +}), removed ({@code -}) or changed ({@code ~}, with each changed
 * field), then the unified diff of the canonical JSON.
 */
final class PolicyDiffText {
  private PolicyDiffText() {}

  static String render(JsonNode diff) {
    StringBuilder out = new StringBuilder();
    String name = Output.text(diff, "name");
    String envs = Output.joined(diff.path("env_names"));
    String from = diff.path("from_version").isNumber() ? "v" + diff.path("from_version").asText() : "(none)";
    String to = diff.path("to_version").isNumber() ? "v" + diff.path("to_version").asText() : "the new document";
    out.append("Policy ").append(name).append(" [").append(envs).append("]: ").append(from).append(" -> ")
        .append(to).append('\n');
    if (!diff.path("changed").asBoolean()) {
      return out.append("  no changes\n").toString();
    }
    for (JsonNode f : diff.path("document")) {
      out.append("  ~ ").append(Output.text(f, "field")).append(": ").append(value(f.path("from")))
          .append(" -> ").append(value(f.path("to"))).append('\n');
    }
    JsonNode rules = diff.path("rules");
    for (JsonNode r : rules.path("added")) {
      out.append("  + rule ").append(Output.text(r, "id")).append(summary(r.path("rule"))).append('\n');
    }
    for (JsonNode r : rules.path("removed")) {
      out.append("  - rule ").append(Output.text(r, "id")).append(summary(r.path("rule"))).append('\n');
    }
    for (JsonNode r : rules.path("changed")) {
      out.append("  ~ rule ").append(Output.text(r, "id")).append(':');
      String sep = " ";
      for (JsonNode f : r.path("fields")) {
        out.append(sep).append(Output.text(f, "field")).append(' ').append(value(f.path("from"))).append(" -> ")
            .append(value(f.path("to")));
        sep = "; ";
      }
      out.append('\n');
    }
    int unchanged = rules.path("unchanged").asInt();
    if (unchanged > 0) {
      out.append("  ").append(unchanged).append(unchanged == 1 ? " rule" : " rules").append(" unchanged\n");
    }
    String text = Output.text(diff, "text");
    if (!text.isEmpty()) {
      out.append('\n').append(text);
    }
    return out.toString();
  }

  private static String summary(JsonNode rule) {
    return " (" + Output.text(rule, "action") + ", priority " + Output.text(rule, "priority") + ")";
  }

  private static String value(JsonNode v) {
    return v == null || v.isMissingNode() || v.isNull() ? "(none)" : v.toString();
  }
}
