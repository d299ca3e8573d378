package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code airlock trace}: the record of every decision the proxy made. */
@Command(
    mixinStandardHelpOptions = true,
    name = "trace",
    description = {
      "Search the decision trace of every request.",
      "",
      "The proxy records one trace per request: the agent, the tool and operation, the"
          + " decision, and the reasons and rule behind it."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {TraceCommand.ListTraces.class})
public final class TraceCommand implements Callable<Integer> {

  /** What a trace records as its decision: a policy action, or an authentication outcome. */
  enum Decision {
    ALLOW,
    SANITIZE,
    REQUIRE_APPROVAL,
    DENY,
    AUTH_REQUIRED,
    AUTH_FAILED
  }

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = {"List traces, newest first."},
      sortOptions = false)
  static final class ListTraces implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only this environment.")
    private String env;

    @Option(
        names = "--decision",
        paramLabel = "DECISION",
        description = "Only this decision: ${COMPLETION-CANDIDATES}.")
    private Decision decision;

    @Option(names = "--agent", paramLabel = "AGENT", description = "Only this agent (name).")
    private String agent;

    @Option(names = "--tool", paramLabel = "TOOL", description = "Only this tool (e.g. slack).")
    private String tool;

    @Mixin private TimeRangeOptions range;

    @Mixin private PageOptions page;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("env", env);
      range.putInto(query);
      query.put("decision", decision == null ? null : decision.name());
      query.put("agent", agent);
      query.put("tool", tool);
      page.putInto(query);
      ApiResponse response = api.client().get("traces", query);
      Output output = api.output();
      if (output.isJson()) {
        output.json(response.data());
      } else {
        output.table(table(response.data()), "No traces.");
      }
      response
          .nextCursor()
          .ifPresent(next -> output.note("More traces: add --cursor " + next));
      return 0;
    }

    private static Table table(JsonNode traces) {
      Table table =
          Table.of(
              Table.column("TIME"),
              Table.column("ENV", 20),
              Table.column("AGENT", 24),
              Table.column("DECISION", 32),
              Table.column("TOOL.OPERATION", 40),
              Table.column("METHOD HOST PATH", 60),
              Table.column("STATUS"),
              Table.column("REASONS", 40));
      for (JsonNode trace : traces) {
        table.row(
            Output.time(Output.text(trace, "time")),
            Output.text(trace, "env"),
            Output.text(trace, "agent"),
            decision(trace),
            toolOperation(trace),
            Output.text(trace, "method")
                + " "
                + Output.text(trace, "host")
                + " "
                + Output.text(trace, "path"),
            status(trace.path("status")),
            Output.joined(trace.path("reasons")));
      }
      return table;
    }

    /** The decision, and what was actually done when the mode did not enforce it. */
    private static String decision(JsonNode trace) {
      String decision = Output.text(trace, "decision");
      String enforced = Output.text(trace, "enforced_action");
      return enforced.isEmpty() || enforced.equals(decision)
          ? decision
          : decision + " (enforced: " + enforced + ")";
    }

    private static String toolOperation(JsonNode trace) {
      String tool = Output.text(trace, "tool");
      String operation = Output.text(trace, "operation");
      return operation.isEmpty() ? tool : tool + "." + operation;
    }

    private static String status(JsonNode status) {
      return status.isNumber() && status.asInt() > 0 ? status.asText() : "";
    }
  }

  /** Accepts what the server accepts for since/until, so typos fail as usage errors here. */
  static final class TimeConverter implements ITypeConverter<String> {
    private static final Pattern DURATION = Pattern.compile("\\d{1,9}[smhd]");

    @Override
    public String convert(String value) {
      if (DURATION.matcher(value).matches()) {
        return value;
      }
      try {
        OffsetDateTime.parse(value);
        return value;
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' (expected: a duration like 15m, 2h, 7d or an ISO-8601 time)");
      }
    }
  }
}
