package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
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

/** {@code airlock env}: environments, each with its own agents, policies and enforcement. */
@Command(
    mixinStandardHelpOptions = true,
    name = "env",
    description = {
      "Manage environments: where agents, keys and policies live.",
      "",
      "Each environment (default, staging, production, ...) has its own agents, keys and"
          + " policies, an enforcement mode (monitor, alert or enforce) and a default action for"
          + " requests that no rule matches."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      EnvCommand.ListEnvironments.class,
      EnvCommand.Create.class,
      EnvCommand.Get.class,
      EnvCommand.Update.class,
      EnvCommand.Delete.class
    })
public final class EnvCommand implements Callable<Integer> {
  private static final String RESOURCE = "environments";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List environments.", sortOptions = false)
  static final class ListEnvironments implements Callable<Integer> {
    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiResponse response = api.client().get(RESOURCE, Map.of());
      Table table =
          Table.of(
              Table.column("SLUG"),
              Table.column("NAME", 30),
              Table.column("PRODUCTION"),
              Table.column("MODE"),
              Table.column("DEFAULT ACTION"),
              Table.column("CREATED"));
      api.output().list(response.data(), table, env -> new Object[] {
          Output.text(env, "slug"),
          Output.text(env, "name"),
          yesNo(env.path("is_production")),
          Output.text(env, "enforcement_mode"),
          Output.text(env, "default_action"),
          Output.time(Output.text(env, "created_at"))},
          "No environments.");
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = "Create an environment.",
      sortOptions = false)
  static final class Create implements Callable<Integer> {
    @Parameters(
        paramLabel = "SLUG",
        description = "Identifier: lowercase letters, digits and '-', starting with a letter.")
    private String slug;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name.")
    private String name;

    @Option(
        names = "--production",
        description = "Mark as production: longer trace retention, cannot be deleted.")
    private boolean production;

    @Option(
        names = "--mode",
        paramLabel = "MODE",
        defaultValue = "enforce",
        description =
            "monitor (record only), alert (forward and alert) or enforce (act on decisions)."
                + " Default: ${DEFAULT-VALUE}.")
    private EnforcementMode mode;

    @Option(
        names = "--default-action",
        paramLabel = "ACTION",
        defaultValue = "ALLOW",
        description =
            "Action when no rule matches: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    private Action defaultAction;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("slug", slug);
      if (name != null) {
        body.put("name", name);
      }
      body.put("is_production", production);
      body.put("enforcement_mode", mode.wireName());
      body.put("default_action", defaultAction.name());
      ApiResponse response = api.client().post(RESOURCE, Map.of(), body);
      Output output = api.output();
      if (output.isJson()) {
        output.json(response.data());
      } else {
        output.line("Created environment '" + Output.text(response.data(), "slug") + "'.");
        output.print(details(response.data()));
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "get", description = "Show one environment.", sortOptions = false)
  static final class Get implements Callable<Integer> {
    @Parameters(paramLabel = "SLUG", description = "The environment's slug.")
    private String slug;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiResponse response = api.client().get(ApiClient.path(RESOURCE, slug), Map.of());
      Output output = api.output();
      if (output.isJson()) {
        output.json(response.data());
      } else {
        output.print(details(response.data()));
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "update",
      description = {
        "Change an environment's settings. Only the options given change; the slug never does.",
        "Removing production status (--no-production) needs an owner key. Changing environments"
            + " needs a tenant-wide key, and every change is recorded in the audit log."
      },
      sortOptions = false)
  static final class Update implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "SLUG", description = "The environment's slug.")
    private String slug;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name.")
    private String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the environment is for.")
    private String description;

    @Option(
        names = "--production",
        negatable = true,
        description = "Mark as production (longer trace retention, cannot be deleted);"
            + " --no-production removes the mark (owner role only).")
    private Boolean production;

    @Option(
        names = "--mode",
        paramLabel = "MODE",
        description = "monitor (record only), alert (forward and alert) or enforce (act on decisions).")
    private EnforcementMode mode;

    @Option(
        names = "--default-action",
        paramLabel = "ACTION",
        description = "Action when no rule matches: ${COMPLETION-CANDIDATES}.")
    private Action defaultAction;

    @Option(
        names = "--approval-hold",
        paramLabel = "SECONDS",
        description = "How long a request waiting for approval is held open (seconds, >= 0).")
    private Integer approvalHold;

    @Option(
        names = "--scrutiny",
        paramLabel = "FACTOR",
        description = "Scrutiny multiplier for agents here (> 0; above 1 is stricter).")
    private Double scrutiny;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      if (name != null) {
        body.put("name", name);
      }
      if (description != null) {
        body.put("description", description);
      }
      if (production != null) {
        body.put("is_production", production);
      }
      if (mode != null) {
        body.put("enforcement_mode", mode.wireName());
      }
      if (defaultAction != null) {
        body.put("default_action", defaultAction.name());
      }
      if (approvalHold != null) {
        body.put("approval_hold_seconds", approvalHold);
      }
      if (scrutiny != null) {
        body.put("scrutiny_multiplier", scrutiny);
      }
      if (body.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "Nothing to change: give at least one of --name,"
            + " --description, --production/--no-production, --mode, --default-action, --approval-hold, --scrutiny");
      }
      ApiResponse response = api.client().patch(ApiClient.path(RESOURCE, slug), body);
      Output output = api.output();
      if (output.isJson()) {
        output.json(response.data());
      } else {
        output.line("Updated environment '" + Output.text(response.data(), "slug") + "'.");
        output.print(details(response.data()));
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "delete",
      description = {
        "Delete an environment.",
        "Refused for the last environment, for one marked production (remove the mark first), and"
            + " while the environment has active agents. Deleted with it: its suspended agents and"
            + " their keys, its policies that name no other environment, and the admin keys scoped"
            + " to it. Its traces and audit events stay. Asks for --yes."
      },
      sortOptions = false)
  static final class Delete implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "SLUG", description = "The environment's slug.")
    private String slug;

    @Option(names = "--yes", description = "Confirm the deletion.")
    private boolean yes;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      if (!yes) {
        throw new ParameterException(spec.commandLine(), "Deleting environment '" + slug + "' also deletes its"
            + " suspended agents, its policies and the admin keys scoped to it; add --yes to confirm");
      }
      ApiResponse response = api.client().delete(ApiClient.path(RESOURCE, slug));
      Output output = api.output();
      if (output.isJson()) {
        output.json(response.data());
      } else {
        JsonNode with = response.data().path("deleted_with");
        output.line("Deleted environment '" + Output.text(response.data(), "slug") + "' with "
            + count(with.path("agents"), "suspended agent", "suspended agents") + ", "
            + count(with.path("policies"), "policy", "policies") + " and "
            + count(with.path("api_keys"), "admin key", "admin keys") + ".");
      }
      return 0;
    }

    private static String count(JsonNode array, String one, String many) {
      int n = array.size();
      return n + " " + (n == 1 ? one : many);
    }
  }

  private static String details(JsonNode env) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Slug", Output.text(env, "slug"));
    fields.put("Name", Output.text(env, "name"));
    fields.put("Description", Output.text(env, "description"));
    fields.put("Production", yesNo(env.path("is_production")));
    fields.put("Enforcement mode", Output.text(env, "enforcement_mode"));
    fields.put("Default action", Output.text(env, "default_action"));
    if (env.has("approval_hold_seconds")) {
      fields.put("Approval hold", Output.text(env, "approval_hold_seconds") + "s");
    }
    if (env.has("scrutiny_multiplier")) {
      fields.put("Scrutiny", "x" + Output.text(env, "scrutiny_multiplier"));
    }
    fields.put("Created", Output.time(Output.text(env, "created_at")));
    return Table.details(fields);
  }

  private static String yesNo(JsonNode flag) {
    return flag.asBoolean(false) ? "yes" : "no";
  }
}
