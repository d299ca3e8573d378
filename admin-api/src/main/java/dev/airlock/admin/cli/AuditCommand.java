package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock audit}: who changed what through the admin API, and whether the record is intact. */
@Command(
    mixinStandardHelpOptions = true,
    name = "audit",
    description = {
      "Read and check the admin audit log.",
      "",
      "Every change made through the admin API is recorded with the admin key that made it, the"
          + " resource before and after, and the request id. Rows are hash-chained: editing,"
          + " inserting or deleting one is detected by 'audit verify'."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AuditCommand.ListEvents.class, AuditCommand.Verify.class})
public final class AuditCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List audit events, newest first.",
      sortOptions = false)
  static final class ListEvents implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only this environment's changes.")
    private String env;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only this action (e.g. environment.update).")
    private String action;

    @Mixin private TimeRangeOptions range;

    @Mixin private PageOptions page;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("env", env);
      range.putInto(query);
      query.put("action", action);
      page.putInto(query);
      ApiResponse response = api.client().get("audit", query);
      Output output = api.output();
      if (output.isJson()) {
        output.json(response.data());
      } else {
        Table table = Table.of(Table.column("SEQ"), Table.column("TIME"), Table.column("ACTOR", 30),
            Table.column("ACTION", 30), Table.column("TARGET", 50), Table.column("ENV", 20),
            Table.column("REQUEST"));
        for (JsonNode e : response.data()) {
          table.row(Output.text(e, "seq"), Output.time(Output.text(e, "time")),
              Output.text(e, "actor_key_id") + " (" + Output.text(e, "actor_role") + ")", Output.text(e, "action"),
              Output.text(e, "target_type") + " " + Output.text(e, "target_id"), Output.text(e, "env"),
              Output.text(e, "request_id"));
        }
        output.table(table, "No audit events.");
      }
      response.nextCursor().ifPresent(next -> output.note("More events: add --cursor " + next));
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "verify",
      description = {"Check the audit log's hash chain.",
          "Exits 0 when intact; 1 naming the first edited, inserted or deleted row otherwise."})
  static final class Verify implements Callable<Integer> {
    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiResponse response = api.client().get(ApiClient.path("audit", "verify"), Map.of());
      JsonNode v = response.data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(v);
      } else {
        output.line(Output.text(v, "message"));
        output.line("head hash: " + Output.text(v, "head_hash"));
      }
      return v.path("ok").asBoolean() ? 0 : 1;
    }
  }
}
