package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock agent}: the agents allowed through the proxy, and their keys. */
@Command(
    mixinStandardHelpOptions = true,
    name = "agent",
    description = {
      "Manage agents and create their proxy keys.",
      "",
      "An agent belongs to one environment and authenticates to the proxy with its name and key,"
          + " as in HTTPS_PROXY=http://NAME:KEY@HOST:PORT."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AgentCommand.ListAgents.class, AgentCommand.Create.class})
public final class AgentCommand implements Callable<Integer> {
  private static final String RESOURCE = "agents";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List agents.", sortOptions = false)
  static final class ListAgents implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only agents of this environment.")
    private String env;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new HashMap<>();
      query.put("env", env);
      ApiResponse response = api.client().get(RESOURCE, query);
      Table table =
          Table.of(
              Table.column("ID"),
              Table.column("NAME", 40),
              Table.column("ENV"),
              Table.column("RUNTIME"),
              Table.column("STATUS"),
              Table.column("CREATED"));
      api.output().list(response.data(), table, agent -> new Object[] {
          Output.text(agent, "id"),
          Output.text(agent, "name"),
          Output.text(agent, "env"),
          Output.text(agent, "runtime_type"),
          Output.text(agent, "status"),
          Output.time(Output.text(agent, "created_at"))},
          env == null ? "No agents." : "No agents in environment '" + env + "'.");
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
        description = "Environment the agent belongs to.")
    private String env;

    @Option(
        names = "--runtime-type",
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
      output.note("Warning: this key will not be shown again. Store it now.");
      return 0;
    }
  }
}
