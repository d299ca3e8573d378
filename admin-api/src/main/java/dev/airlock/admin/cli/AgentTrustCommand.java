package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code airlock agent trust AGENT}: an agent's trust score and how it moved. */
@Command(
    mixinStandardHelpOptions = true,
    name = "trust",
    description = {
      "Show an agent's trust score and its history, newest first.",
      "",
      "Trust runs from 0 to 1 and starts at 0.5. Denied requests, denied approvals and threat-intel"
          + " hits lower it; granted approvals raise it; an incident closed as a false positive"
          + " restores it to at least 0.5. It drifts back toward 0.5 over time (risk.trust_half_life)."
          + " Lower trust raises the effective risk of the agent's requests:"
          + " min(1, risk x scrutiny x (1.5 - trust)). Denials that follow each other closely are"
          + " shown as one line with their count."
    },
    sortOptions = false)
final class AgentTrustCommand implements Callable<Integer> {
  @Mixin private AgentCommand.Target target;
  @Mixin private TimeRangeOptions range;
  @Mixin private PageOptions page;
  @Mixin private ApiOptions api;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    String id = target.id(client);
    JsonNode agent = client.get(ApiClient.path(AgentCommand.RESOURCE, id), Map.of()).data();
    Map<String, String> query = new LinkedHashMap<>();
    range.putInto(query);
    page.putInto(query);
    ApiResponse response = client.get(ApiClient.path(AgentCommand.RESOURCE, id, "trust"), query);
    Output output = api.output();
    if (output.isJson()) {
      output.json(response.data());
      return 0;
    }
    output.line("Agent '" + Output.text(agent, "name") + "' (" + id + ") in " + Output.text(agent, "env")
        + ": trust " + score(agent.path("trust_score").asDouble(0.5)));
    output.line("");
    Table table = Table.of(
        Table.column("TIME"),
        Table.column("EVENT"),
        Table.column("COUNT"),
        Table.column("DELTA"),
        Table.column("SCORE"),
        Table.column("TRACE"),
        Table.column("APPROVAL"));
    output.page(response, table, e -> new Object[] {
        Output.time(Output.text(e, "time")),
        Output.text(e, "event"),
        Output.text(e, "count"),
        String.format(Locale.ROOT, "%+.3f", e.path("delta").asDouble()),
        score(e.path("score_after").asDouble()),
        Output.text(e, "trace_id"),
        Output.text(e, "approval_id")},
        "No trust changes: the agent is at its starting score or back to it.", "changes");
    return 0;
  }

  private static String score(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
