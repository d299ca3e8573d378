package dev.airlock.admin.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.TraceJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats decisions are exported in, with their media type and file extension. */
public enum ExportFormat {
  /** One JSON array of traces, each as {@code GET /api/v1/traces} shows it. */
  JSON("application/json", "json"),
  /** One trace per line (newline-delimited JSON). */
  NDJSON("application/x-ndjson", "ndjson"),
  /** RFC 4180 CSV with a header row (see {@link CsvEncoder} for lists and absent values). */
  CSV("text/csv; charset=utf-8", "csv"),
  /** Splunk HTTP Event Collector events, one per line. */
  SPLUNK("application/x-ndjson", "splunk.json"),
  /** One JSON array of Datadog logs. */
  DATADOG("application/json", "datadog.json");

  private final String mediaType;
  private final String extension;

  ExportFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The name in the API and CLI ({@code csv}). */
  public String slug() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String mediaType() {
    return mediaType;
  }

  /** The file name extension, without the dot ({@code splunk.json}). */
  public String extension() {
    return extension;
  }

  /** The format named {@code slug} (lower case), if any. */
  public static Optional<ExportFormat> of(String slug) {
    return Arrays.stream(values()).filter(f -> f.slug().equals(slug)).findFirst();
  }

  /** The slugs of every format, for error messages: {@code json, ndjson, …}. */
  public static String slugs() {
    return Arrays.stream(values()).map(ExportFormat::slug).collect(Collectors.joining(", "));
  }

  /**
   * An encoder writing this format to {@code out}; the JSON array is opened at once.
   *
   * @param host the node's host name, for the formats that carry one (Splunk, Datadog)
   */
  public TraceEncoder open(OutputStream out, ObjectMapper json, String host) throws IOException {
    return switch (this) {
      case JSON -> new JsonArrayEncoder(json, out, TraceJson::toJson);
      case NDJSON -> new JsonLinesEncoder(json, out, TraceJson::toJson);
      case CSV -> new CsvEncoder(out);
      case SPLUNK -> new JsonLinesEncoder(json, out, t -> SplunkEvent.of(t, host));
      case DATADOG -> new JsonArrayEncoder(json, out, t -> DatadogLog.of(t, host));
    };
  }
}
