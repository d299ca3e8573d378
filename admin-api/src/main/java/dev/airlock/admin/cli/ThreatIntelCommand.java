package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock threat-intel}: the feeds of known-bad domains, addresses and URLs. */
@Command(
    mixinStandardHelpOptions = true,
    name = "threat-intel",
    description = {
      "Add, list, show and remove threat-intel feeds.",
      "",
      "A request to a destination a feed lists (its host or a parent domain, the address it connects to,"
          + " or its URL) is refused with THREAT_INTEL_MATCH in every environment and enforcement mode."
          + " Feeds come from files in conf/threat-intel/ (*.txt plain lists, *.csv URLhaus exports; each"
          + " node reloads them on change) and from this command (stored in the database, in force on every"
          + " node within a second). Adding and removing needs a tenant-wide admin key."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {ThreatIntelCommand.ListFeeds.class, ThreatIntelCommand.Show.class, ThreatIntelCommand.Add.class,
        ThreatIntelCommand.Delete.class})
public final class ThreatIntelCommand implements Callable<Integer> {
  private static final String RESOURCE = "threat-intel/feeds";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  @Command(mixinStandardHelpOptions = true, name = "list",
      description = "List every feed, stored and file ones, with its counts and skipped lines.")
  static final class ListFeeds implements Callable<Integer> {
    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode feeds = api.client().getAll(RESOURCE, Map.of());
      Table table = Table.of(Table.column("NAME", 40), Table.column("SOURCE"), Table.column("FORMAT"),
          Table.column("INDICATORS"), Table.column("DOMAINS"), Table.column("IPS"), Table.column("URLS"),
          Table.column("SKIPPED"), Table.column("UPDATED"));
      api.output().list(feeds, table, f -> new Object[] {
          Output.text(f, "name"), Output.text(f, "source"), Output.text(f, "format"), f.path("indicators").asInt(),
          f.path("domains").asInt(), f.path("ips").asInt(), f.path("urls").asInt(), f.path("invalid").asInt(),
          Output.time(Output.text(f, f.has("updated_at") ? "updated_at" : "loaded_at"))},
          "No threat-intel feeds (add files to conf/threat-intel/ or use 'airlock threat-intel add').");
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "show",
      description = "Show one feed: its counts and the first lines that were skipped.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Feed name.")
    private String name;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode f = api.client().get(ApiClient.path("threat-intel", "feeds", name), Map.of()).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(f);
        return 0;
      }
      output.line("Feed:       " + Output.text(f, "name") + " (" + Output.text(f, "source") + ", "
          + Output.text(f, "format") + ")");
      output.line("Indicators: " + f.path("indicators").asInt() + " (" + f.path("domains").asInt() + " domains, "
          + f.path("ips").asInt() + " addresses and blocks, " + f.path("urls").asInt() + " URLs)");
      output.line("Skipped:    " + f.path("invalid").asInt() + " line(s) holding no indicator");
      f.path("invalid_samples").forEach(s -> output.line("  " + s.asText()));
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "add",
      description = {
        "Store a feed (replacing a stored feed of the same name). It is in force on every node within a second.",
        "",
        "Examples:",
        "  airlock threat-intel add c2 --indicator evil.example --indicator 203.0.113.0/24",
        "  airlock threat-intel add urlhaus -f csv_recent.txt --format urlhaus"
      },
      sortOptions = false)
  static final class Add implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Feed name: letters, digits, '.', '_' or '-'.")
    private String name;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
        description = "Feed file: one indicator per line, or a URLhaus CSV export (at most 1 MiB; larger feeds"
            + " belong in conf/threat-intel/).")
    private Path file;

    @Option(names = "--indicator", paramLabel = "INDICATOR", split = ",",
        description = "A domain, IP address, CIDR block or URL (repeatable or comma-separated).")
    private List<String> indicators = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "plain or urlhaus. Default: urlhaus for a .csv file, plain otherwise.")
    private String format;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      if ((file == null) == indicators.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "Give either -f FILE or --indicator (not both)");
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("name", name);
      if (file != null) {
        body.put("format", format != null ? format
            : file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "urlhaus" : "plain");
        try {
          body.put("text", Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
      } else {
        body.put("format", format == null ? "plain" : format);
        indicators.forEach(body.putArray("indicators")::add);
      }
      JsonNode f = api.client().post(RESOURCE, Map.of(), body).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(f);
      } else {
        output.line("Stored feed '" + Output.text(f, "name") + "': " + f.path("indicators").asInt() + " indicators ("
            + f.path("domains").asInt() + " domains, " + f.path("ips").asInt() + " addresses and blocks, "
            + f.path("urls").asInt() + " URLs), " + f.path("invalid").asInt() + " line(s) skipped.");
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "delete",
      description = "Remove a stored feed (a file feed is removed by deleting its file).")
  static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Feed name.")
    private String name;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode result = api.client().delete(ApiClient.path("threat-intel", "feeds", name)).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(result);
      } else {
        output.line("Removed feed '" + name + "'.");
      }
      return 0;
    }
  }
}
