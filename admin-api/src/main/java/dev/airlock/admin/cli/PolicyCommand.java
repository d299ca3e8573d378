package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code airlock policy}: policy documents on the server. Further subcommands (e.g. {@code test})
 * are added next to these by listing them in {@code subcommands} or with {@code addSubcommand}.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "policy",
    description = {
      "Apply, inspect and validate policies: the rules the proxy decides by.",
      "",
      "A policy is a JSON or YAML document of rules that decide, per tool and operation, whether"
          + " a request is allowed, sanitized, held for approval or denied. Applying a document"
          + " stores a new version, and the running proxy uses it at once."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      PolicyCommand.Apply.class,
      PolicyCommand.ListPolicies.class,
      PolicyCommand.Get.class,
      PolicyCommand.Delete.class,
      PolicyCommand.Validate.class,
      PolicyHistoryCommands.Versions.class,
      PolicyHistoryCommands.Diff.class,
      PolicyHistoryCommands.Rollback.class,
      PolicyHistoryCommands.Promote.class,
      PolicySimulateCommand.class,
    })
public final class PolicyCommand implements Callable<Integer> {
  static final String RESOURCE = "policies";
  private static final String ID_PREFIX = "pol_";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "apply",
      description = {
        "Create or update a policy from a file. The document's env_names say where it applies;"
            + " with --env, env_names must be absent (it becomes [ENV]) or include ENV.",
        "",
        "The difference to the version in force is shown first. A policy that applies to a"
            + " production environment is applied only with --yes."
      },
      sortOptions = false)
  static final class Apply implements Callable<Integer> {
    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        required = true,
        description = "Policy document, JSON or YAML (by extension, else by content).")
    private Path file;

    @Option(names = "--env", paramLabel = "ENV", description = "Apply to this environment.")
    private String env;

    @Option(
        names = "--yes",
        description = "Confirm a change that reaches a production environment (review the diff first).")
    private boolean yes;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      PolicyFile document = PolicyFile.read(file);
      ApiClient client = api.client();
      Output output = api.output();
      Map<String, String> query = new HashMap<>();
      query.put("env", env);
      ApiResponse response;
      try {
        JsonNode diff = client.post(ApiClient.path(RESOURCE, "diff"), query, document.body(),
            document.contentType()).data();
        ProductionGuard.show(output, diff);
        Integer refused = ProductionGuard.check(diff, yes, output, "apply policy " + Output.text(diff, "name"));
        if (refused != null) {
          return refused;
        }
        response = client.post(RESOURCE, query, document.body(), document.contentType());
      } catch (CliException e) {
        return reportInvalid(document, e, output);
      }
      JsonNode policy = response.data();
      if (output.isJson()) {
        output.json(policy);
      } else {
        output.line(
            "Applied policy '"
                + Output.text(policy, "name")
                + "' version "
                + Output.text(policy, "version")
                + " ("
                + Output.text(policy, "id")
                + ", "
                + Output.text(policy, "rules")
                + " rules, environments "
                + Output.joined(policy.path("env_names"))
                + ").");
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "List the current version of each policy.",
      sortOptions = false)
  static final class ListPolicies implements Callable<Integer> {
    @Option(
        names = "--env",
        paramLabel = "ENV",
        description = "Only policies applying to this environment (including '*' ones).")
    private String env;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new HashMap<>();
      query.put("env", env);
      JsonNode policies = api.client().getAll(RESOURCE, query);
      Table table =
          Table.of(
              Table.column("ID"),
              Table.column("NAME", 40),
              Table.column("ENVS", 30),
              Table.column("VERSION"),
              Table.column("RULES"),
              Table.column("DESCRIPTION", 50),
              Table.column("CREATED"));
      api.output().list(policies, table, policy -> new Object[] {
          Output.text(policy, "id"),
          Output.text(policy, "name"),
          Output.joined(policy.path("env_names")),
          Output.text(policy, "version"),
          Output.text(policy, "rules"),
          Output.text(policy, "description"),
          Output.time(Output.text(policy, "created_at"))},
          env == null ? "No policies." : "No policies apply to environment '" + env + "'.");
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "get",
      description = {
        "Print a policy's current document as JSON (with -o json: the document and its metadata)."
      },
      sortOptions = false)
  static final class Get implements Callable<Integer> {
    @Parameters(paramLabel = "NAME_OR_ID", description = "Policy name, or id (pol_...).")
    private String nameOrId;

    @Option(
        names = "--env",
        paramLabel = "ENV",
        description = "Look the name up among the policies applying to this environment.")
    private String env;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode policy = find(api.client());
      Output output = api.output();
      output.json(output.isJson() ? policy : policy.path("document"));
      return 0;
    }

    private JsonNode find(ApiClient client) {
      if (nameOrId.startsWith(ID_PREFIX)) {
        try {
          return client.get(ApiClient.path(RESOURCE, nameOrId), Map.of()).data();
        } catch (CliException e) {
          if (!isNotFound(e)) {
            throw e;
          }
          // not an id after all: a policy may be named like one
        }
      }
      Map<String, String> query = new HashMap<>();
      query.put("env", env);
      List<JsonNode> named = new ArrayList<>();
      client.getAll(RESOURCE, query).forEach(
          policy -> {
            if (nameOrId.equals(Output.text(policy, "name"))) {
              named.add(policy);
            }
          });
      if (named.isEmpty()) {
        throw new CliException(
            "not_found: no policy named '"
                + nameOrId
                + "'"
                + (env == null ? "" : " applies to environment '" + env + "'"));
      }
      if (named.size() > 1) {
        List<String> ids = new ArrayList<>();
        named.forEach(policy -> ids.add(Output.text(policy, "id")));
        throw new CliException(
            "several policies are named '"
                + nameOrId
                + "' ("
                + String.join(", ", ids)
                + "): give the id, or --env");
      }
      return named.get(0);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "delete",
      description = "Delete a policy; the proxy stops applying it at once.",
      sortOptions = false)
  static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Policy id (pol_...), as shown by 'policy list'.")
    private String id;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiResponse response = api.client().delete(ApiClient.path(RESOURCE, id));
      Output output = api.output();
      if (output.isJson()) {
        output.json(response.data());
      } else {
        output.line("Deleted policy " + id + ".");
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "validate",
      description = "Check a policy document with the server's parser, without storing it.",
      sortOptions = false)
  static final class Validate implements Callable<Integer> {
    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        required = true,
        description = "Policy document, JSON or YAML (by extension, else by content).")
    private Path file;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      PolicyFile document = PolicyFile.read(file);
      ApiClient client = api.client();
      Output output = api.output();
      ApiResponse response;
      try {
        response =
            client.post(
                ApiClient.path(RESOURCE, "validate"),
                Map.of(),
                document.body(),
                document.contentType());
      } catch (CliException e) {
        return reportInvalid(document, e, output);
      }
      boolean valid = response.data().path("valid").asBoolean(false);
      if (output.isJson()) {
        output.json(response.data());
      } else {
        output.line(document.path() + ": " + (valid ? "valid" : "invalid"));
      }
      return valid ? 0 : 1;
    }
  }

  /**
   * Reports a document the server rejected as {@code FILE: <path> <message>}, the form editors
   * and CI logs link to; other failures propagate unchanged.
   */
  static int reportInvalid(PolicyFile document, CliException failure, Output output) {
    ApiError error =
        failure.apiError().filter(e -> e.status() == 422).orElseThrow(() -> failure);
    output.note(document.path() + ": " + error.pathMessage());
    return 1;
  }

  private static boolean isNotFound(CliException e) {
    return e.apiError().map(error -> error.status() == 404).orElse(false);
  }

  /**
   * A policy document read from disk, sent to the server as-is.
   *
   * @param path where it was read
   * @param body its bytes
   * @param contentType {@link ApiClient#JSON} or {@link ApiClient#YAML}
   */
  record PolicyFile(Path path, byte[] body, String contentType) {
    PolicyFile {
      requireNonNull(path, "path");
      requireNonNull(body, "body");
      requireNonNull(contentType, "contentType");
    }

    static PolicyFile read(Path path) {
      byte[] body;
      try {
        if (Files.isDirectory(path)) {
          throw new CliException("cannot read " + path + ": is a directory");
        }
        body = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        throw new CliException("cannot read " + path + ": no such file");
      } catch (AccessDeniedException e) {
        throw new CliException("cannot read " + path + ": permission denied");
      } catch (IOException e) {
        throw new CliException("cannot read " + path + ": " + e.getMessage());
      }
      if (new String(body, StandardCharsets.UTF_8).isBlank()) {
        throw new CliException(path + ": empty document");
      }
      return new PolicyFile(path, body, contentType(path, body));
    }

    private static String contentType(Path path, byte[] body) {
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".json")) {
        return ApiClient.JSON;
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return ApiClient.YAML;
      }
      String text = new String(body, StandardCharsets.UTF_8).replace("\uFEFF", "");
      String start = text.stripLeading();
      return start.startsWith("{") ? ApiClient.JSON : ApiClient.YAML;
    }
  }
}
