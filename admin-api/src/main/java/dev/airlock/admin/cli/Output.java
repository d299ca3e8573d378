package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Where and how a command prints: results on stdout, notes and warnings on stderr. */
final class Output {
  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputFormat format;
  private final ObjectWriter jsonWriter;

  Output(PrintWriter out, PrintWriter err, OutputFormat format) {
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.format = requireNonNull(format, "format");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(indenter)
            .withObjectIndenter(indenter);
    this.jsonWriter = new ObjectMapper().writer(printer);
  }

  boolean isJson() {
    return format == OutputFormat.JSON;
  }

  /** Pretty-printed JSON on stdout. */
  void json(JsonNode node) {
    try {
      out.println(jsonWriter.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new CliException("cannot print JSON: " + e.getOriginalMessage());
    }
    out.flush();
  }

  /** The table on stdout, or {@code whenEmpty} on stderr when it has no rows. */
  /** Prints a list: the data array as JSON with -o json, else one table row per item. */
  void list(JsonNode items, Table table, java.util.function.Function<JsonNode, Object[]> row, String whenEmpty) {
    if (isJson()) {
      json(items);
      return;
    }
    for (JsonNode item : items) {
      table.row(row.apply(item));
    }
    table(table, whenEmpty);
  }

  /**
   * One page of a listing as {@link #list} prints it, then, on stderr, how to get the next page of
   * these {@code items}.
   */
  void page(ApiResponse response, Table table, java.util.function.Function<JsonNode, Object[]> row, String whenEmpty,
      String items) {
    list(response.data(), table, row, whenEmpty);
    response.nextCursor().ifPresent(next -> note("More " + items + ": add --cursor " + next));
  }

  void table(Table table, String whenEmpty) {
    if (table.isEmpty()) {
      note(whenEmpty);
      return;
    }
    out.print(table.render());
    out.flush();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  void print(String text) {
    out.print(text);
    out.flush();
  }

  /** A message for the person at the terminal that scripts reading stdout must not see. */
  void note(String text) {
    err.println(text);
    err.flush();
  }

  /** The text of {@code node.field}, or empty when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  /** An ISO-8601 instant shortened to whole seconds; other text unchanged. */
  static String time(String iso) {
    try {
      return Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** The array's texts joined with commas. */
  static String joined(JsonNode array) {
    StringBuilder out = new StringBuilder();
    array.forEach(
        item -> {
          if (out.length() > 0) {
            out.append(',');
          }
          out.append(item.asText());
        });
    return out.toString();
  }
}
