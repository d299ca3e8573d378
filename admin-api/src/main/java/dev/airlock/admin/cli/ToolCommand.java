package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock tool}: catalog entries that name requests to services Airlock has no entry for. */
@Command(
    mixinStandardHelpOptions = true,
    name = "tool",
    description = {
      "Add, list and remove tool catalog entries.",
      "",
      "The catalog turns a request into a tool and an operation (host, method and path template,"
          + " e.g. POST /rest/api/{version}/issue on *.atlassian.net is jira create_issue), which"
          + " policies match on. Entries added here use the format of conf/tools/*.json, serve every"
          + " environment, take effect at once without a restart, and replace a built-in or file"
          + " entry of the same tool name. Adding and removing needs a tenant-wide admin key."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {ToolCommand.ListTools.class, ToolCommand.Create.class, ToolCommand.Delete.class})
public final class ToolCommand implements Callable<Integer> {
  private static final String RESOURCE = "tools";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List the tools added through the API.")
  static final class ListTools implements Callable<Integer> {
    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode tools = api.client().getAll(RESOURCE, Map.of());
      Table table = Table.of(Table.column("NAME", 40), Table.column("HOSTS", 50), Table.column("OPERATIONS"),
          Table.column("CREATED"), Table.column("DESCRIPTION", 50));
      api.output().list(tools, table, t -> new Object[] {
          Output.text(t, "name"),
          Output.joined(t.path("document").path("hosts")),
          t.path("document").path("operations").size(),
          Output.time(Output.text(t, "created_at")),
          Output.text(t, "description")},
          "No tools added (the built-in catalog and conf/tools/ still apply).");
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = "Add a tool from a catalog file (JSON or YAML, the format of conf/tools/*.json).",
      sortOptions = false)
  static final class Create implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true, description = "Catalog entry file.")
    private Path file;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      PolicyCommand.PolicyFile entry = PolicyCommand.PolicyFile.read(file);
      Output output = api.output();
      JsonNode tool;
      try {
        tool = api.client().post(RESOURCE, new HashMap<>(), entry.body(), entry.contentType()).data();
      } catch (CliException e) {
        ApiError error = e.apiError().filter(a -> a.status() == 422).orElseThrow(() -> e);
        output.note(file + ": " + error.pathMessage());
        return 1;
      }
      if (output.isJson()) {
        output.json(tool);
      } else {
        output.line("Added tool '" + Output.text(tool, "name") + "' ("
            + tool.path("document").path("operations").size() + " operations on "
            + Output.joined(tool.path("document").path("hosts")) + "); it is in force now.");
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "delete", description = "Remove a tool added through the API.")
  static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Tool name.")
    private String name;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode result = api.client().delete(ApiClient.path(RESOURCE, name)).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(result);
      } else {
        output.line("Removed tool '" + name + "'.");
      }
      return 0;
    }
  }
}
