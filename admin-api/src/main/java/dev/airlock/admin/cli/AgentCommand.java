package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock agent}: the agents allowed through the proxy, and their keys. */
@Command(
    mixinStandardHelpOptions = true,
    name = "agent",
    description = {
      "Manage agents and their proxy keys.",
      "",
      "An agent belongs to one environment and authenticates to the proxy with its name and key,"
          + " as in HTTPS_PROXY=http://NAME:KEY@HOST:PORT. Every change applies to the proxy at once"
          + " on the node that made it and within a second on the others, and is recorded in the"
          + " audit log. AGENT is an agent's id (agt_…) or its name; add --env when several"
          + " environments have an agent of that name."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      AgentCommand.ListAgents.class,
      AgentCommand.Show.class,
      AgentCommand.Create.class,
      AgentCommand.Update.class,
      AgentCommand.Delete.class,
      AgentCommand.Suspend.class,
      AgentCommand.Unsuspend.class,
      AgentTrustCommand.class,
      AgentKeyCommand.class
    })
public final class AgentCommand implements Callable<Integer> {
  static final String RESOURCE = "agents";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  /** Agent statuses, as the API spells them. */
  enum Status {
    active,
    suspended
  }

  /** The AGENT parameter and the --env that finds it by name; shared by every command on one agent. */
  static final class Target {
    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent's id (agt_…) or name.")
    String agent;

    @Option(
        names = "--env",
        paramLabel = "ENV",
        description = "Environment to look AGENT up in by name (not needed for an id, or for a name only one"
            + " environment has).")
    String env;

    String id(ApiClient client) {
      return AgentRef.resolve(client, agent, env);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "List agents, newest first.",
      sortOptions = false)
  static final class ListAgents implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only agents of this environment.")
    private String env;

    @Option(names = "--status", paramLabel = "STATUS",
        description = "Only agents with this status: active or suspended.")
    private Status status;

    @Option(names = "--name", paramLabel = "NAME", description = "Only agents of exactly this name.")
    private String name;

    @Mixin private TimeRangeOptions range;

    @Mixin private PageOptions page;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("env", env);
      query.put("status", status == null ? null : status.name());
      query.put("name", name);
      range.putInto(query);
      page.putInto(query);
      ApiResponse response = api.client().get(RESOURCE, query);
      Table table =
          Table.of(
              Table.column("ID"),
              Table.column("NAME", 40),
              Table.column("ENV"),
              Table.column("RUNTIME"),
              Table.column("STATUS"),
              Table.column("CREATED"));
      Output output = api.output();
      output.page(response, table, agent -> new Object[] {
          Output.text(agent, "id"),
          Output.text(agent, "name"),
          Output.text(agent, "env"),
          Output.text(agent, "runtime_type"),
          Output.text(agent, "status"),
          Output.time(Output.text(agent, "created_at"))},
          env == null ? "No agents." : "No agents in environment '" + env + "'.", "agents");
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "show", description = "Show one agent and its keys.",
      sortOptions = false)
  static final class Show implements Callable<Integer> {
    @Mixin private Target target;
    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiClient client = api.client();
      JsonNode agent = client.get(ApiClient.path(RESOURCE, target.id(client)), Map.of()).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(agent);
        return 0;
      }
      output.print(details(agent));
      output.line("");
      if (agent.path("keys").isEmpty()) {
        output.line("Keys: none (issue one with 'airlock agent key create " + Output.text(agent, "id") + "')");
      } else {
        output.line("Keys:");
        output.print(AgentKeyCommand.table(agent.path("keys")).render());
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = {
        "Create an agent and its first key. The key is printed once: store it right away."
      },
      sortOptions = false)
  static final class Create implements Callable<Integer> {
    @Parameters(
        paramLabel = "NAME",
        description = "Letters, digits, '.', '_' and '-' (up to 64); unique in its environment.")
    private String name;

    @Option(
        names = "--env",
        paramLabel = "ENV",
        required = true,
        description = "Environment the agent belongs to (it cannot move later).")
    private String env;

    @Option(
        names = {"--runtime", "--runtime-type"},
        paramLabel = "TYPE",
        defaultValue = "custom",
        description =
            "langchain, crewai, openai_assistants, openclaw or custom. Default: ${DEFAULT-VALUE}.")
    private String runtimeType;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("name", name);
      body.put("env", env);
      body.put("runtime_type", runtimeType);
      ApiResponse response = api.client().post(RESOURCE, Map.of(), body);
      Output output = api.output();
      JsonNode agent = response.data().path("agent");
      JsonNode key = response.data().path("key");
      if (output.isJson()) {
        output.json(response.data());
      } else {
        output.line(
            "Created agent '"
                + Output.text(agent, "name")
                + "' ("
                + Output.text(agent, "id")
                + ") in environment '"
                + Output.text(agent, "env")
                + "'.");
        output.line("Key id: " + Output.text(key, "id"));
        output.line("Key:    " + Output.text(key, "secret"));
      }
      output.note(AgentKeyCommand.SHOWN_ONCE);
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "update",
      description = {
        "Rename an agent or change its runtime type.",
        "",
        "The proxy knows agents by name: after a rename, clients must use the new name with the same"
            + " key (the old name is refused at once). An agent cannot move to another environment:"
            + " create one there instead."
      },
      sortOptions = false)
  static final class Update implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Target target;

    @Option(names = "--name", paramLabel = "NAME", description = "New name, unique in the agent's environment.")
    private String name;

    @Option(names = {"--runtime", "--runtime-type"}, paramLabel = "TYPE",
        description = "New runtime type: langchain, crewai, openai_assistants, openclaw or custom.")
    private String runtimeType;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      if (name == null && runtimeType == null) {
        throw new ParameterException(spec.commandLine(), "Nothing to update: give --name or --runtime");
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      if (name != null) {
        body.put("name", name);
      }
      if (runtimeType != null) {
        body.put("runtime_type", runtimeType);
      }
      ApiClient client = api.client();
      JsonNode agent = client.patch(ApiClient.path(RESOURCE, target.id(client)), body).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(agent);
      } else {
        output.line("Updated agent '" + Output.text(agent, "name") + "' (" + Output.text(agent, "id") + ").");
        output.print(details(agent));
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "delete",
      description = {
        "Delete an agent and all its keys; they stop working at once. Its traces are kept.",
        "Asks for --yes, since it cannot be undone (to stop an agent for a while, suspend it)."
      },
      sortOptions = false)
  static final class Delete implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private Target target;

    @Option(names = "--yes", description = "Confirm the deletion.")
    private boolean yes;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      if (!yes) {
        throw new ParameterException(spec.commandLine(),
            "Deleting agent '" + target.agent + "' removes it and all its keys for good: add --yes to confirm");
      }
      ApiClient client = api.client();
      JsonNode result = client.delete(ApiClient.path(RESOURCE, target.id(client))).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(result);
      } else {
        int keys = result.path("keys_deleted").asInt();
        output.line("Deleted agent '" + target.agent + "' (" + Output.text(result, "id") + ") and its " + keys
            + (keys == 1 ? " key" : " keys") + "; its traces are kept.");
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "suspend",
      description = "Suspend an agent: the proxy refuses its keys until it is unsuspended.",
      sortOptions = false)
  static final class Suspend implements Callable<Integer> {
    @Mixin private Target target;
    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      return setStatus(api, target, "suspend", "Suspended", "its keys are refused until it is unsuspended.");
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "unsuspend",
      description = "Unsuspend an agent: its keys that are neither revoked nor expired work again.",
      sortOptions = false)
  static final class Unsuspend implements Callable<Integer> {
    @Mixin private Target target;
    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      return setStatus(api, target, "unsuspend", "Unsuspended", "its keys work again.");
    }
  }

  private static int setStatus(ApiOptions api, Target target, String action, String done, String effect) {
    ApiClient client = api.client();
    JsonNode agent = client.post(ApiClient.path(RESOURCE, target.id(client), action), Map.of(),
        JsonNodeFactory.instance.objectNode()).data();
    Output output = api.output();
    if (output.isJson()) {
      output.json(agent);
    } else {
      output.line(done + " agent '" + Output.text(agent, "name") + "' (" + Output.text(agent, "id") + "): "
          + effect);
    }
    return 0;
  }

  private static String details(JsonNode agent) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("ID", Output.text(agent, "id"));
    fields.put("Name", Output.text(agent, "name"));
    fields.put("Environment", Output.text(agent, "env"));
    fields.put("Runtime", Output.text(agent, "runtime_type"));
    fields.put("Status", Output.text(agent, "status"));
    fields.put("Trust score", Output.text(agent, "trust_score"));
    fields.put("Created", Output.time(Output.text(agent, "created_at")));
    fields.put("Updated", Output.time(Output.text(agent, "updated_at")));
    return Table.details(fields);
  }
}
