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
import picocli.CommandLine.Parameters;
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
    subcommands = {TraceCommand.ListTraces.class, TraceCommand.ShowTrace.class})
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
    static String decision(JsonNode trace) {
      String decision = Output.text(trace, "decision");
      String enforced = Output.text(trace, "enforced_action");
      return enforced.isEmpty() || enforced.equals(decision)
          ? decision
          : decision + " (enforced: " + enforced + ")";
    }

    static String toolOperation(JsonNode trace) {
      String tool = Output.text(trace, "tool");
      String operation = Output.text(trace, "operation");
      return operation.isEmpty() ? tool : tool + "." + operation;
    }

    static String status(JsonNode status) {
      return status.isNumber() && status.asInt() > 0 ? status.asText() : "";
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description = {
        "Show one trace: what was asked, what was decided and why.",
        "",
        "ID is the trace id an agent received (X-Airlock-Trace-Id, or trace_id in a denial)."
      },
      sortOptions = false)
  static final class ShowTrace implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The trace id (trc_…).")
    private String id;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode trace = api.client().get(ApiClient.path("traces", id), Map.of()).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(trace);
        return 0;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("ID", Output.text(trace, "id"));
      fields.put("Time", Output.text(trace, "time"));
      fields.put("Environment", Output.text(trace, "env"));
      fields.put("Agent", Output.text(trace, "agent"));
      fields.put("Key", Output.text(trace, "key_id"));
      fields.put("Request", Output.text(trace, "method") + " " + Output.text(trace, "host") + " "
          + Output.text(trace, "path"));
      fields.put("Tool", ListTraces.toolOperation(trace) + " " + Output.text(trace, "verb"));
      fields.put("Decision", ListTraces.decision(trace));
      fields.put("Reasons", Output.joined(trace.path("reasons")));
      fields.put("Rule", Output.text(trace, "rule"));
      fields.put("Risk", Output.text(trace, "risk_score") + " " + Output.text(trace, "severity"));
      fields.put("Data classes", Output.joined(trace.path("data_classes")));
      fields.put("Bound classes", Output.joined(trace.path("bound_data_classes")));
      fields.put("Status", ListTraces.status(trace.path("status")));
      fields.put("Bytes in/out", Output.text(trace, "bytes_in") + " / " + Output.text(trace, "bytes_out"));
      fields.put("Policy µs", Output.text(trace, "policy_us"));
      fields.put("Upstream ms", Output.text(trace, "upstream_ms"));
      output.print(Table.details(fields));
      return 0;
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
