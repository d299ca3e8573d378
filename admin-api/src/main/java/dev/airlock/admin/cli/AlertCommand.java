package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

/** {@code airlock alert}: the channels alerts are sent to, and their deliveries. */
@Command(
    mixinStandardHelpOptions = true,
    name = "alert",
    description = {
      "Add, list, show, update, remove and test alert channels; list and retry their deliveries.",
      "",
      "A channel sends the decisions and incidents its filters match (env_names, events, min_severity,"
          + " tools, agents) to Slack, Discord, Microsoft Teams, Telegram, a signed webhook or syslog."
          + " A channel file is JSON (or YAML) in the shape of POST /api/v1/alert-channels, for example:",
      "  {\"name\": \"ops-slack\", \"type\": \"slack\", \"env_names\": [\"production\"],"
          + " \"events\": [\"DENY\", \"REQUIRE_APPROVAL\", \"INCIDENT\"], \"min_severity\": \"MEDIUM\","
          + " \"config\": {\"webhook_url\": \"https://hooks.slack.com/services/…\"}}",
      "Secrets in config (webhook URLs, signing secrets, bot tokens, header values) are write-only: they are"
          + " shown masked, and an update that leaves them out keeps them. Deliveries go through a durable"
          + " outbox with retries; one that keeps failing ends 'dead' and can be retried."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AlertCommand.Add.class, AlertCommand.ListChannels.class, AlertCommand.Show.class,
        AlertCommand.Update.class, AlertCommand.Remove.class, AlertCommand.Test.class, AlertCommand.Deliveries.class,
        AlertCommand.Retry.class})
public final class AlertCommand implements Callable<Integer> {
  static final String RESOURCE = "alert-channels";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(mixinStandardHelpOptions = true, name = "add", description = "Add a channel from a file.",
      sortOptions = false)
  static final class Add implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
        description = "Channel definition, JSON or YAML.")
    private Path file;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode c = api.client().post(RESOURCE, Map.of(), read(file)).data();
      return done(api, c, "Added channel '" + Output.text(c, "name") + "' (" + Output.text(c, "id") + ", "
          + Output.text(c, "type") + ").");
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List channels, newest first.",
      sortOptions = false)
  static final class ListChannels implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only channels serving this environment.")
    private String env;

    @Mixin private PageOptions page;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("env", env);
      page.putInto(query);
      ApiResponse response = api.client().get(RESOURCE, query);
      Table table = Table.of(Table.column("ID"), Table.column("NAME", 30), Table.column("TYPE"),
          Table.column("ENVIRONMENTS", 30), Table.column("EVENTS", 40), Table.column("MIN"), Table.column("ENABLED"));
      Output output = api.output();
      output.page(response, table, c -> new Object[] {Output.text(c, "id"), Output.text(c, "name"),
          Output.text(c, "type"), Output.joined(c.path("env_names")), Output.joined(c.path("events")),
          Output.text(c, "min_severity"), c.path("enabled").asBoolean() ? "yes" : "no"},
          "No alert channels.", "channels");
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "show", description = "Show one channel (secrets masked).")
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The channel's id (ach_…).")
    private String id;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode c = api.client().get(ApiClient.path(RESOURCE, id), Map.of()).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(c);
        return 0;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("ID", Output.text(c, "id"));
      fields.put("Name", Output.text(c, "name"));
      fields.put("Type", Output.text(c, "type"));
      fields.put("Environments", Output.joined(c.path("env_names")));
      fields.put("Events", Output.joined(c.path("events")));
      fields.put("Min severity", Output.text(c, "min_severity"));
      fields.put("Tools", c.path("tools").isEmpty() ? "(all)" : Output.joined(c.path("tools")));
      fields.put("Agents", c.path("agents").isEmpty() ? "(all)" : Output.joined(c.path("agents")));
      fields.put("Enabled", c.path("enabled").asBoolean() ? "yes" : "no");
      c.path("config").fields().forEachRemaining(e -> fields.put("config." + e.getKey(),
          e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
      fields.put("Updated", Output.time(Output.text(c, "updated_at")));
      output.print(Table.details(fields));
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "update",
      description = "Change a channel: the file gives the fields to change; secrets left out (or masked) are kept.",
      sortOptions = false)
  static final class Update implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The channel's id (ach_…).")
    private String id;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
        description = "The fields to change, JSON or YAML.")
    private Path file;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode c = api.client().patch(ApiClient.path(RESOURCE, id), read(file)).data();
      return done(api, c, "Updated channel '" + Output.text(c, "name") + "' (" + Output.text(c, "id") + ").");
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "remove",
      description = "Remove a channel; its pending deliveries are dropped with it.")
  static final class Remove implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The channel's id (ach_…).")
    private String id;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode c = api.client().delete(ApiClient.path(RESOURCE, id)).data();
      return done(api, c, "Removed channel '" + Output.text(c, "name") + "' (" + Output.text(c, "id") + ").");
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "test",
      description = {"Send a test event (a DENY with reason ALERT_CHANNEL_TEST) to a channel, whatever its"
          + " filters, and report how its delivery went. Exits 1 when it failed."})
  static final class Test implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The channel's id (ach_…).")
    private String id;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode d = api.client().post(ApiClient.path(RESOURCE, id, "test"), Map.of(),
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()).data();
      Output output = api.output();
      String status = Output.text(d, "status");
      if (output.isJson()) {
        output.json(d);
      } else if (status.equals("delivered")) {
        output.line("Delivered test event to channel " + id + " (delivery " + Output.text(d, "id") + ").");
      } else if (d.hasNonNull("last_error")) {
        output.line("Test delivery " + Output.text(d, "id") + " failed: " + Output.text(d, "last_error")
            + " (status " + status + "; see 'airlock alert deliveries " + id + "').");
      } else {
        output.line("Test delivery " + Output.text(d, "id") + " is queued; see 'airlock alert deliveries " + id + "'.");
      }
      return status.equals("delivered") || (status.equals("pending") && !d.hasNonNull("last_error")) ? 0 : 1;
    }
  }

  /** Delivery statuses, as the API spells them. */
  enum Status {
    pending,
    delivered,
    dead
  }

  @Command(mixinStandardHelpOptions = true, name = "deliveries",
      description = "List a channel's deliveries, newest first (dead ones failed for good; retry them with"
          + " 'airlock alert retry').", sortOptions = false)
  static final class Deliveries implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The channel's id (ach_…).")
    private String id;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only pending, delivered or dead deliveries.")
    private Status status;

    @Mixin private PageOptions page;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("status", status == null ? null : status.name());
      page.putInto(query);
      ApiResponse response = api.client().get(ApiClient.path(RESOURCE, id, "deliveries"), query);
      Table table = Table.of(Table.column("ID"), Table.column("EVENT"), Table.column("TYPE"), Table.column("EVENTS"),
          Table.column("STATUS"), Table.column("ATTEMPTS"), Table.column("LAST ERROR", 60), Table.column("CREATED"));
      Output output = api.output();
      output.page(response, table, d -> new Object[] {Output.text(d, "id"), Output.text(d, "event_id"),
          Output.text(d, "event_type"), d.path("event_count").asInt(1), Output.text(d, "status"),
          d.path("attempts").asInt(),
          Output.text(d, "last_error"), Output.time(Output.text(d, "created_at"))},
          status == null ? "No deliveries." : "No " + status.name() + " deliveries.", "deliveries");
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "retry", description = "Send a dead delivery again.")
  static final class Retry implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The channel's id (ach_…).")
    private String id;

    @Parameters(index = "1", paramLabel = "DELIVERY", description = "The delivery's id (dlv_…).")
    private String delivery;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode d = api.client().post(ApiClient.path(RESOURCE, id, "deliveries", delivery, "retry"), Map.of(),
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()).data();
      return done(api, d, "Delivery " + Output.text(d, "id") + " is pending again.");
    }
  }

  private static int done(ApiOptions api, JsonNode data, String line) {
    Output output = api.output();
    if (output.isJson()) {
      output.json(data);
    } else {
      output.line(line);
    }
    return 0;
  }

  /** A channel file: JSON, or YAML by extension. */
  static JsonNode read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml")
        ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
    try {
      JsonNode node = mapper.readTree(Files.readAllBytes(file));
      if (node == null || !node.isObject()) {
        throw new CliException(file + ": expected one channel object");
      }
      return node;
    } catch (NoSuchFileException e) {
      throw new CliException("cannot read " + file + ": no such file");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException(file + ": not valid " + (mapper.getFactory() instanceof YAMLFactory ? "YAML" : "JSON")
          + " (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
