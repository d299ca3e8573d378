package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock policy simulate}: how candidate policies would have decided recent traffic. */
@Command(
    mixinStandardHelpOptions = true,
    name = "simulate",
    description = {
      "Replay an environment's recorded traces against candidate policies, with the same engine the"
          + " proxy runs, and show which decisions would change: counts per change (e.g. ALLOW ->"
          + " DENY) and example trace ids to look up with 'airlock trace list'.",
      "",
      "The candidates replace the environment's policies of the same name, or are added. Nothing is"
          + " stored. Traces keep no request bodies, push contents or recipients: a trace whose"
          + " decision could depend on them is reported as not fully evaluated, never guessed. At"
          + " most 100000 traces are replayed, newest first."
    },
    sortOptions = false)
final class PolicySimulateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      required = true,
      description = "Candidate policy document, JSON or YAML; repeat for several.")
  private List<Path> files;

  @Option(names = "--env", paramLabel = "ENV", required = true, description = "Environment whose traces are replayed.")
  private String env;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      required = true,
      converter = TraceCommand.TimeConverter.class,
      description = "Replay traces from TIME on: a duration back from now (24h, 7d) or an ISO-8601 time.")
  private String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      converter = TraceCommand.TimeConverter.class,
      description = "Replay traces before TIME, in the same forms as --since.")
  private String until;

  @Option(names = "--examples", paramLabel = "N", description = "Example trace ids per change (0-20, default 5).")
  private Integer examples;

  @Mixin private ApiOptions api;

  @Override
  public Integer call() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("env", env);
    body.put("since", since);
    if (until != null) {
      body.put("until", until);
    }
    if (examples != null) {
      body.put("examples", examples);
    }
    ArrayNode documents = body.putArray("documents");
    List<PolicyCommand.PolicyFile> read = new ArrayList<>();
    for (Path file : files) {
      PolicyCommand.PolicyFile document = PolicyCommand.PolicyFile.read(file);
      read.add(document);
      documents.add(tree(document));
    }
    Output output = api.output();
    JsonNode report;
    try {
      report = api.client().post(ApiClient.path(PolicyCommand.RESOURCE, "simulate"), Map.of(), body).data();
    } catch (CliException e) {
      return reportInvalid(read, e, output);
    }
    if (output.isJson()) {
      output.json(report);
    } else {
      output.print(render(report));
    }
    return 0;
  }

  /** A 422 on documents[i] names the file it came from, as apply does. */
  private static int reportInvalid(List<PolicyCommand.PolicyFile> files, CliException failure, Output output) {
    ApiError error = failure.apiError().filter(e -> e.status() == 422).orElseThrow(() -> failure);
    String field = error.field() == null ? "" : error.field();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^documents\\[(\\d+)\\]\\.?(.*)$").matcher(field);
    if (m.matches() && Integer.parseInt(m.group(1)) < files.size()) {
      String prefix = "documents[" + m.group(1) + "]";
      String message = error.message().startsWith(prefix) ? error.message().substring(prefix.length())
          .replaceFirst("^\\.", "") : error.message();
      output.note(files.get(Integer.parseInt(m.group(1))).path() + ": " + message);
      return 1;
    }
    throw failure;
  }

  private static JsonNode tree(PolicyCommand.PolicyFile document) {
    try {
      JsonNode node = (document.contentType().equals(ApiClient.JSON) ? JSON : YAML).readTree(document.body());
      if (node == null || !node.isObject()) {
        throw new CliException(document.path() + ": not a policy document (expected: an object with name and rules)");
      }
      return node;
    } catch (IOException e) {
      throw new CliException(document.path() + ": cannot be parsed: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The report as a summary line, a table of changes, and what could not be evaluated. */
  static String render(JsonNode r) {
    StringBuilder out = new StringBuilder();
    out.append("Replayed ").append(r.path("traces_replayed").asLong()).append(" traces of environment ")
        .append(Output.text(r, "env")).append(" since ").append(Output.text(r, "since"));
    if (!r.path("until").isNull() && !Output.text(r, "until").isEmpty()) {
      out.append(" until ").append(Output.text(r, "until"));
    }
    out.append(" against ").append(Output.joined(r.path("candidates"))).append(": ")
        .append(r.path("changed").asLong()).append(" decisions change, ")
        .append(r.path("unchanged").asLong()).append(" unchanged, ")
        .append(r.path("incomplete").asLong()).append(" not fully evaluated.\n");
    if (r.path("traces_skipped").asLong() > 0) {
      out.append(r.path("traces_skipped").asLong())
          .append(" traces were decided before any policy (authentication, destination guard) and not replayed.\n");
    }
    if (r.path("transitions").size() > 0) {
      Table table = Table.of(Table.column("FROM"), Table.column("TO"), Table.column("COUNT"),
          Table.column("EXAMPLES", 100));
      for (JsonNode t : r.path("transitions")) {
        table.row(Output.text(t, "from"), Output.text(t, "to"), Output.text(t, "count"),
            String.join(", ", texts(t.path("examples"))));
      }
      out.append('\n').append(table.render());
    }
    if (r.path("incomplete").asLong() > 0) {
      List<String> facts = new ArrayList<>();
      r.path("incomplete_by_fact").fields().forEachRemaining(e -> facts.add(e.getKey() + ": " + e.getValue()));
      out.append('\n').append("Not fully evaluated: ").append(r.path("incomplete").asLong())
          .append(" (a rule reads what traces do not keep: ").append(String.join(", ", facts)).append(")");
      List<String> ids = texts(r.path("incomplete_examples"));
      if (!ids.isEmpty()) {
        out.append("; e.g. ").append(String.join(", ", ids));
      }
      out.append('\n');
    }
    long drift = r.path("baseline_differs_from_recorded").asLong();
    if (drift > 0) {
      out.append(drift).append(drift == 1 ? " trace is" : " traces are")
          .append(" decided differently by the policies in force now than when recorded (they changed since).\n");
    }
    if (r.path("truncated").asBoolean()) {
      out.append("Stopped after ").append(r.path("limit").asLong())
          .append(" traces: narrow --since/--until to replay the rest.\n");
    }
    return out.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
