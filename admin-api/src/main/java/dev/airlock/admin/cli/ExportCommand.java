package dev.airlock.admin.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock export}: every decision of a time range, as a file for a SIEM or a spreadsheet. */
@Command(
    mixinStandardHelpOptions = true,
    name = "export",
    description = {
      "Export decisions (the trace of every request) as a file.",
      "",
      "The traces of the range are streamed oldest first, straight from the database, so any"
          + " number of them can be exported. Formats:",
      "  json     one JSON array of traces, each as 'airlock trace show -o json' prints it",
      "  ndjson   one trace per line",
      "  csv      RFC 4180 with a header row; lists joined with ';', risk signals as name=weight",
      "  splunk   Splunk HTTP Event Collector events, one per line (sourcetype airlock:decision)",
      "  datadog  one JSON array of Datadog logs (source airlock, tags env, tool, decision)",
      "",
      "Written to stdout, or to FILE with -o (a failed export leaves no partial FILE).",
      "Auditor keys may export; an environment-scoped key exports its environment only."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  airlock export --format csv --since 24h -o decisions.csv",
      "  airlock export --format ndjson --env production --since 2025-01-01T00:00:00Z --until 2025-02-01T00:00:00Z",
      "  airlock export --format splunk --since 1h > hec-events.json"
    },
    sortOptions = false)
public final class ExportCommand implements Callable<Integer> {
  /** The export formats, as the API names them in lower case. */
  enum Format {
    JSON, NDJSON, CSV, SPLUNK, DATADOG
  }

  @Spec private CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "json (default), ndjson, csv, splunk or datadog.")
  private Format format = Format.JSON;

  @Option(names = "--env", paramLabel = "ENV", description = "Only this environment.")
  private String env;

  @Mixin private TimeRangeOptions range;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE instead of stdout.")
  private Path file;

  @Mixin private ApiConnection api;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("format", format.name().toLowerCase(Locale.ROOT));
    query.put("env", env);
    range.putInto(query);
    ApiClient client = api.client();
    String path = ApiClient.path("decisions", "export");
    if (file == null) {
      PrintWriter out = spec.commandLine().getOut();
      client.download(path, query, "*/*", body -> copy(body, out));
      out.flush();
      return 0;
    }
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    try {
      try (OutputStream out = Files.newOutputStream(partial)) {
        client.download(path, query, "*/*", body -> copy(body, out));
      }
      move(partial, file);
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage());
    } finally {
      deleteQuietly(partial);
    }
    return 0;
  }

  /** Text through the command's writer (stdout, or what a test captures), decoded as it comes. */
  private static void copy(InputStream body, PrintWriter out) throws IOException {
    Reader in = new InputStreamReader(body, StandardCharsets.UTF_8);
    char[] buffer = new char[16 * 1024];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      if (out.checkError()) {
        throw new CliException("cannot write to stdout");
      }
    }
  }

  private void copy(InputStream body, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = body.read(buffer)) >= 0; ) {
      try {
        out.write(buffer, 0, n);
      } catch (IOException e) {
        throw new CliException("cannot write " + file + ": " + e.getMessage());
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Nothing more to do: the export itself already succeeded or failed.
    }
  }
}
