package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code airlock agent key}: an agent's proxy keys. */
@Command(
    mixinStandardHelpOptions = true,
    name = "key",
    description = {
      "List, create, rotate and revoke an agent's proxy keys.",
      "",
      "A key's secret is printed once, when it is created; Airlock keeps only its hash. Rotating a"
          + " key creates a replacement and revokes the old key, at once or after a grace period"
          + " during which both work, so that clients can be given the new key first."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AgentKeyCommand.ListKeys.class, AgentKeyCommand.Create.class, AgentKeyCommand.Rotate.class,
        AgentKeyCommand.Revoke.class})
public final class AgentKeyCommand implements Callable<Integer> {
  static final String SHOWN_ONCE = "Warning: this key will not be shown again. Store it now.";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(mixinStandardHelpOptions = true, name = "list",
      description = "List an agent's keys, oldest first, revoked and expired ones included.", sortOptions = false)
  static final class ListKeys implements Callable<Integer> {
    @Mixin private AgentCommand.Target target;
    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiClient client = api.client();
      JsonNode keys = client.get(keysPath(client, target), Map.of()).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(keys);
      } else {
        output.table(table(keys), "No keys.");
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = {
        "Create another key for an agent. The key is printed once: store it right away.",
        "",
        "With --ttl the key is ephemeral: it stops working by itself after that time (at most 24h) and"
            + " only for the operations given with --scope (tool.operation, globs allowed) and, with --host, only"
            + " towards those hosts. A request outside the scope is refused with EPHEMERAL_SCOPE_VIOLATION.",
        "",
        "Example: airlock agent key create ci-bot --ttl 1h --scope slack.post_message --host slack.com"
      },
      sortOptions = false)
  static final class Create implements Callable<Integer> {
    @Spec private CommandSpec spec;
    @Mixin private AgentCommand.Target target;

    @Option(names = "--ttl", paramLabel = "DURATION",
        description = "Make an ephemeral key that works for this long: seconds, or a number with s, m or h"
            + " (90s, 10m, 1h); at most 24h.")
    private String ttl;

    @Option(names = "--scope", paramLabel = "TOOL.OPERATION", split = ",",
        description = "An operation the ephemeral key may be used for (repeatable or comma-separated;"
            + " globs: github.*). Required with --ttl.")
    private List<String> scopes = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST", split = ",",
        description = "A host the ephemeral key may be used towards (repeatable or comma-separated; globs:"
            + " *.slack.com). Default: any host.")
    private List<String> hosts = new ArrayList<>();

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      if (ttl != null || !scopes.isEmpty() || !hosts.isEmpty()) {
        if (ttl == null || scopes.isEmpty()) {
          throw new ParameterException(spec.commandLine(),
              "An ephemeral key needs both --ttl and at least one --scope");
        }
        body.put("ephemeral", true);
        body.put("ttl", ttl);
        scopes.forEach(body.putArray("operations")::add);
        hosts.forEach(body.putArray("hosts")::add);
      }
      ApiClient client = api.client();
      JsonNode key = client.post(keysPath(client, target), Map.of(), body).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(key);
      } else {
        boolean ephemeral = "ephemeral".equals(Output.text(key, "kind"));
        output.line("Created " + (ephemeral ? "ephemeral key " : "key ") + Output.text(key, "id") + " for agent '"
            + target.agent + "'.");
        if (ephemeral) {
          output.line("Scope:   " + scope(key));
          output.line("Expires: " + Output.time(Output.text(key, "expires_at")));
        }
        output.line("Key: " + Output.text(key, "secret"));
      }
      output.note(SHOWN_ONCE);
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "rotate",
      description = {
        "Replace a key with a new one. The new key is printed once: store it right away.",
        "",
        "Without --grace the old key stops working at once. With --grace it keeps working for that"
            + " long (at most 7d), time to give clients the new key, and then stops by itself."
      },
      sortOptions = false)
  static final class Rotate implements Callable<Integer> {
    @Mixin private AgentCommand.Target target;

    @Parameters(index = "1", paramLabel = "KEY_ID", description = "The key to replace (key_…).")
    private String keyId;

    @Option(names = "--grace", paramLabel = "DURATION", converter = GraceConverter.class,
        description = "How long the old key keeps working: seconds, or a number with s, m, h or d (60s, 10m,"
            + " 1h). Default: 0, it stops at once.")
    private long graceSeconds;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiClient client = api.client();
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("grace_seconds", graceSeconds);
      JsonNode rotation = client.post(keysPath(client, target) + "/" + ApiClient.path(keyId, "rotate"), Map.of(),
          body).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(rotation);
      } else {
        JsonNode old = rotation.path("old_key");
        JsonNode replacement = rotation.path("new_key");
        output.line("Rotated key " + Output.text(old, "id") + " of agent '" + target.agent + "'.");
        output.line("New key id: " + Output.text(replacement, "id"));
        output.line("New key:    " + Output.text(replacement, "secret"));
        output.line(old.path("revoked_at").isTextual()
            ? "The old key is revoked."
            : "The old key works until " + Output.time(Output.text(old, "expires_at")) + ", then stops.");
      }
      output.note(SHOWN_ONCE);
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "revoke",
      description = "Revoke a key: the proxy refuses it at once. Revoking a revoked key changes nothing.",
      sortOptions = false)
  static final class Revoke implements Callable<Integer> {
    @Mixin private AgentCommand.Target target;

    @Parameters(index = "1", paramLabel = "KEY_ID", description = "The key to revoke (key_…).")
    private String keyId;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ApiClient client = api.client();
      JsonNode key = client.delete(keysPath(client, target) + "/" + ApiClient.path(keyId)).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(key);
      } else {
        output.line("Revoked key " + Output.text(key, "id") + " of agent '" + target.agent + "'.");
      }
      return 0;
    }
  }

  private static String keysPath(ApiClient client, AgentCommand.Target target) {
    return ApiClient.path(AgentCommand.RESOURCE, target.id(client), "keys");
  }

  /** Keys as a table: what each is and whether it still works. */
  static Table table(JsonNode keys) {
    Table table = Table.of(Table.column("ID"), Table.column("KIND"), Table.column("STATUS"), Table.column("CREATED"),
        Table.column("LAST USED"), Table.column("EXPIRES"), Table.column("REVOKED"), Table.column("SCOPE"));
    for (JsonNode k : keys) {
      table.row(Output.text(k, "id"), Output.text(k, "kind"), Output.text(k, "status"),
          Output.time(Output.text(k, "created_at")), Output.time(Output.text(k, "last_used_at")),
          Output.time(Output.text(k, "expires_at")), Output.time(Output.text(k, "revoked_at")),
          k.has("operations") ? scope(k) : "");
    }
    return table;
  }

  /** An ephemeral key's scope in one line: "slack.post_message on slack.com". */
  static String scope(JsonNode key) {
    List<String> ops = new ArrayList<>();
    key.path("operations").forEach(o -> ops.add(o.asText()));
    List<String> hosts = new ArrayList<>();
    key.path("hosts").forEach(h -> hosts.add(h.asText()));
    return String.join(",", ops) + (hosts.isEmpty() ? " on any host" : " on " + String.join(",", hosts));
  }

  /** {@code --grace}: whole seconds, or a number with a unit (s, m, h, d); at most 7 days. */
  static final class GraceConverter implements ITypeConverter<Long> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd]?)");
    private static final long MAX = 7 * 24 * 3600;

    @Override
    public Long convert(String value) {
      Matcher m = DURATION.matcher(value);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        long seconds = switch (m.group(2)) {
          case "m" -> n * 60;
          case "h" -> n * 3600;
          case "d" -> n * 86_400;
          default -> n;
        };
        if (seconds <= MAX) {
          return seconds;
        }
      }
      throw new TypeConversionException("'" + value + "' (expected: a duration up to 7d such as 90, 60s, 10m, 1h)");
    }
  }
}
