package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code airlock policy versions|diff|rollback|promote}: a policy's history, and the changes that
 * move a version around (back in time, or on to the next environment). Changes show their diff
 * first and, when they reach a production environment, need {@code --yes}.
 */
final class PolicyHistoryCommands {
  private PolicyHistoryCommands() {}

  /** Which policy of a name: one name may exist once per set of environments. */
  static final class Selector {
    @Option(
        names = "--env",
        paramLabel = "ENV",
        description = "The policy of this name that applies to ENV (its own or one for every environment).")
    String env;

    @Option(
        names = "--env-names",
        paramLabel = "ENVS",
        description = "The policy of this name with exactly these env_names (comma-separated, or *).")
    String envNames;

    Map<String, String> query() {
      Map<String, String> query = new HashMap<>();
      query.put("env", env);
      query.put("env_names", envNames);
      return query;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "versions",
      description = {
        "List the versions of a policy, newest first. Every apply, rollback and promotion stores a"
            + " new version; 'policy get' and 'policy diff' show their documents."
      },
      sortOptions = false)
  static final class Versions implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Policy name.")
    private String name;

    @Mixin private Selector selector;

    @Option(names = "--limit", paramLabel = "N", description = "At most N versions (the server's default is 50).")
    private Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue a previous listing where it stopped.")
    private String cursor;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = selector.query();
      query.put("limit", limit == null ? null : limit.toString());
      query.put("cursor", cursor);
      ApiResponse response = api.client().get(ApiClient.path(PolicyCommand.RESOURCE, name, "versions"), query);
      Output output = api.output();
      Table table = Table.of(
          Table.column("VERSION"),
          Table.column("ID"),
          Table.column("CURRENT"),
          Table.column("ENVS", 30),
          Table.column("RULES"),
          Table.column("CREATED"),
          Table.column("DESCRIPTION", 50));
      output.page(response, table, v -> new Object[] {
          Output.text(v, "version"),
          Output.text(v, "id"),
          v.path("current").asBoolean() ? "yes" : "",
          Output.joined(v.path("env_names")),
          Output.text(v, "rules"),
          Output.time(Output.text(v, "created_at")),
          Output.text(v, "description")},
          "No versions.", "versions");
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "diff",
      description = {
        "Show what changes between two versions of a policy (by default the current one and the"
            + " one before it), or between a policy file and the version in force.",
        "",
        "Rules are compared by id: added, removed, and changed with each changed field; the"
            + " unified diff of the canonical JSON follows."
      },
      sortOptions = false)
  static final class Diff implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Policy name (not with -f).")
    private String name;

    @Option(names = "--from", paramLabel = "VERSION", description = "Older side (default: the version before --to).")
    private Integer from;

    @Option(names = "--to", paramLabel = "VERSION", description = "Newer side (default: the current version).")
    private Integer to;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description = "Compare this policy document (JSON or YAML) with the version in force.")
    private Path file;

    @Mixin private Selector selector;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      if ((file == null) == (name == null)) {
        throw new ParameterException(spec.commandLine(), "Give a policy NAME or -f FILE (one of them)");
      }
      if (file != null && (from != null || to != null || selector.envNames != null)) {
        throw new ParameterException(spec.commandLine(),
            "--from, --to and --env-names compare stored versions; with -f only --env applies");
      }
      ApiClient client = api.client();
      Output output = api.output();
      JsonNode diff;
      if (file != null) {
        PolicyCommand.PolicyFile document = PolicyCommand.PolicyFile.read(file);
        Map<String, String> query = new HashMap<>();
        query.put("env", selector.env);
        try {
          diff = client.post(ApiClient.path(PolicyCommand.RESOURCE, "diff"), query, document.body(),
              document.contentType()).data();
        } catch (CliException e) {
          return PolicyCommand.reportInvalid(document, e, output);
        }
      } else {
        Map<String, String> query = selector.query();
        query.put("from", from == null ? null : from.toString());
        query.put("to", to == null ? null : to.toString());
        diff = client.get(ApiClient.path(PolicyCommand.RESOURCE, name, "diff"), query).data();
      }
      if (output.isJson()) {
        output.json(diff);
      } else {
        output.print(PolicyDiffText.render(diff));
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "rollback",
      description = {
        "Put an earlier version of a policy back in force. This stores a new version whose document"
            + " is that of the version given; the history is kept.",
        "",
        "The difference to the version in force is shown first; in a production environment the"
            + " rollback is made only with --yes."
      },
      sortOptions = false)
  static final class Rollback implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Policy name.")
    private String name;

    @Option(names = "--to", paramLabel = "VERSION", required = true, description = "The version to put back.")
    private int version;

    @Mixin private Selector selector;

    @Option(names = "--yes", description = "Confirm a rollback in a production environment.")
    private boolean yes;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("to", version);
      String path = ApiClient.path(PolicyCommand.RESOURCE, name, "rollback");
      return PolicyHistoryCommands.change(api, path, selector.query(), body, yes,
          "roll back policy " + name,
          policy -> "Rolled back policy '" + name + "' to version " + version + ": it is now version "
              + Output.text(policy, "version") + " (" + Output.text(policy, "id") + ").",
          "Version " + version + " of policy '" + name + "' is already in force; nothing changed.");
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "promote",
      description = {
        "Copy the policy in force in one environment to another, as a new version of the policy of"
            + " that name for the target environment (env_names [TO]).",
        "",
        "The difference to what is in force in the target is shown first; a promotion to a"
            + " production environment is made only with --yes. The usual path: simulate and diff,"
            + " then promote dev -> staging -> production."
      },
      sortOptions = false)
  static final class Promote implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Policy name.")
    private String name;

    @Option(names = "--from", paramLabel = "ENV", required = true, description = "Environment to copy from.")
    private String from;

    @Option(names = "--to", paramLabel = "ENV", required = true, description = "Environment to copy to.")
    private String to;

    @Option(names = "--yes", description = "Confirm a promotion to a production environment.")
    private boolean yes;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("from", from).put("to", to);
      String path = ApiClient.path(PolicyCommand.RESOURCE, name, "promote");
      return PolicyHistoryCommands.change(api, path, Map.of(), body, yes,
          "promote policy " + name,
          policy -> "Promoted policy '" + name + "' from " + from + " to " + to + ": version "
              + Output.text(policy, "version") + " (" + Output.text(policy, "id") + ").",
          "Policy '" + name + "' in " + to + " already equals the one in " + from + "; nothing changed.");
    }
  }

  /**
   * A rollback or promotion: a dry run for the diff, the production guard, then the change.
   *
   * @param done the line printed after a change, from the new version
   * @param unchanged the line printed when the document is already in force
   */
  static int change(ApiOptions api, String path, Map<String, String> query, ObjectNode body, boolean yes,
      String what, java.util.function.Function<JsonNode, String> done, String unchanged) {
    ApiClient client = api.client();
    Output output = api.output();
    JsonNode preview = client.post(path, query, body.deepCopy().put("dry_run", true)).data();
    JsonNode diff = preview.path("diff");
    ProductionGuard.show(output, diff);
    if (!preview.path("changed").asBoolean()) {
      if (output.isJson()) {
        output.json(preview);
      } else {
        output.line(unchanged);
      }
      return 0;
    }
    Integer refused = ProductionGuard.check(diff, yes, output, what);
    if (refused != null) {
      return refused;
    }
    JsonNode result = client.post(path, query, body).data();
    if (output.isJson()) {
      output.json(result);
    } else {
      output.line(result.path("changed").asBoolean() ? done.apply(result.path("policy")) : unchanged);
    }
    return 0;
  }
}
