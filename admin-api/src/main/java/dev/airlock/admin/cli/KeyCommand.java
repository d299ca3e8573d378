package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock key}: the admin API keys that the CLI and other operators' tools authenticate with. */
@Command(
    mixinStandardHelpOptions = true,
    name = "key",
    description = {
      "Manage admin API keys.",
      "",
      "An admin key has a role: owner (everything), admin (everything but owner keys and removing"
          + " production status) or auditor (read only). It is tenant-wide, or limited to one"
          + " environment (--env): then it sees and changes only that environment's agents,"
          + " policies, traces and audit events. Managing keys needs a tenant-wide key; only an owner"
          + " creates or revokes owner keys, and the last tenant-wide owner key cannot be revoked."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {KeyCommand.ListKeys.class, KeyCommand.Create.class, KeyCommand.Revoke.class})
public final class KeyCommand implements Callable<Integer> {
  private static final String RESOURCE = "api-keys";

  /** Admin key roles (any case on the command line). */
  enum Role {
    OWNER, ADMIN, AUDITOR
  }

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(mixinStandardHelpOptions = true, name = "list",
      description = "List admin keys, newest first, revoked ones included. Secrets are never shown.",
      sortOptions = false)
  static final class ListKeys implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only keys limited to this environment.")
    private String env;

    @Mixin private PageOptions page;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("env", env);
      page.putInto(query);
      ApiResponse response = api.client().get(RESOURCE, query);
      Table table = Table.of(Table.column("ID"), Table.column("NAME", 30), Table.column("ROLE"),
          Table.column("ENV"), Table.column("CREATED"), Table.column("LAST USED"), Table.column("REVOKED"));
      Output output = api.output();
      output.page(response, table, key -> new Object[] {
          Output.text(key, "id"),
          Output.text(key, "name"),
          Output.text(key, "role"),
          scope(key),
          Output.time(Output.text(key, "created_at")),
          Output.time(Output.text(key, "last_used_at")),
          Output.time(Output.text(key, "revoked_at"))},
          env == null ? "No admin keys." : "No admin keys limited to environment '" + env + "'.", "keys");
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = {"Create an admin key. Its secret is printed once: store it right away."},
      sortOptions = false)
  static final class Create implements Callable<Integer> {
    @Option(names = "--name", paramLabel = "NAME", required = true,
        description = "What the key is for, e.g. ci-deploy or siem-reader (up to 100 characters).")
    private String name;

    @Option(names = "--role", paramLabel = "ROLE", required = true,
        description = "owner, admin or auditor (read only).")
    private Role role;

    @Option(names = "--env", paramLabel = "ENV",
        description = "Limit the key to this environment. Default: tenant-wide.")
    private String env;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("name", name);
      body.put("role", role.name().toLowerCase(Locale.ROOT));
      if (env != null) {
        body.put("env", env);
      }
      ApiResponse response = api.client().post(RESOURCE, Map.of(), body);
      JsonNode key = response.data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(key);
      } else {
        output.line("Created admin key '" + Output.text(key, "name") + "' (" + Output.text(key, "id") + "), role "
            + Output.text(key, "role") + ", " + (key.path("env").isTextual()
                ? "limited to environment '" + Output.text(key, "env") + "'" : "tenant-wide") + ".");
        output.line("Key: " + Output.text(key, "secret"));
      }
      output.note("Warning: this key is shown only once and cannot be recovered. Store it now.");
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "revoke",
      description = {"Revoke an admin key.",
          "It stops working at once on the node that answers, and on every other node within 5 seconds."},
      sortOptions = false)
  static final class Revoke implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The key's id (tok_...), as 'key list' shows it.")
    private String id;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiResponse response = api.client().delete(ApiClient.path(RESOURCE, id));
      Output output = api.output();
      if (output.isJson()) {
        output.json(response.data());
      } else {
        output.line("Revoked admin key " + Output.text(response.data(), "id") + " ('"
            + Output.text(response.data(), "name") + "').");
      }
      return 0;
    }
  }

  private static String scope(JsonNode key) {
    return key.path("env").isTextual() ? Output.text(key, "env") : "(all)";
  }
}
