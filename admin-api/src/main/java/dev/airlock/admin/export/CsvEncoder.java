package dev.airlock.admin.export;

import dev.airlock.proxy.trace.Trace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV: a header row, then one record per trace, CRLF line ends, UTF-8. A field holding a
 * comma, a double quote, CR or LF is enclosed in double quotes with its quotes doubled. Lists
 * (reasons, data classes) are joined with {@code ;}; risk signals are {@code name=weight} pairs
 * joined with {@code ;}; an absent value (no rule, no approval) is an empty field. Values are
 * written as stored: a spreadsheet opening the file should import it as text.
 */
final class CsvEncoder implements TraceEncoder {
  /** The columns, in order: the fields of a trace in the API, flattened. */
  static final List<String> COLUMNS = List.of(
      "id", "time", "env", "agent", "key_id", "tool", "operation", "verb", "method", "host", "path", "status",
      "decision", "enforced_action", "reasons", "rule", "risk_score", "severity", "risk_signals", "data_classes",
      "bound_data_classes", "bytes_in", "bytes_out", "policy_us", "upstream_ms", "approval_id");
  private static final String LIST_SEPARATOR = ";";

  private final Writer out;

  CsvEncoder(OutputStream stream) throws IOException {
    this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 8192);
    record(COLUMNS);
  }

  @Override
  public void trace(Trace t) throws IOException {
    record(Arrays.asList(
        t.id(), t.time().toString(), t.env(), t.agent(), t.keyId(), t.tool(), t.operation(), t.verb(),
        t.method(), t.host(), t.path(), Integer.toString(t.status()), t.decision(), t.enforcedAction(),
        String.join(LIST_SEPARATOR, t.reasons()), t.ruleRef(), number(t.riskScore()), t.severity(),
        signals(t.riskSignals()), String.join(LIST_SEPARATOR, t.dataClasses()),
        String.join(LIST_SEPARATOR, t.boundDataClasses()), Long.toString(t.bytesIn()), Long.toString(t.bytesOut()),
        Long.toString(t.policyMicros()), Long.toString(t.upstreamMillis()), t.approvalId()));
  }

  @Override
  public void finish() throws IOException {
    out.flush();
  }

  private void record(List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      field(fields.get(i));
    }
    out.write("\r\n");
  }

  private void field(String value) throws IOException {
    if (value == null) {
      return;
    }
    if (!needsQuotes(value)) {
      out.write(value);
      return;
    }
    out.write('"');
    out.write(value.replace("\"", "\"\""));
    out.write('"');
  }

  static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return false;
  }

  private static String signals(Map<String, Double> signals) {
    StringBuilder b = new StringBuilder();
    signals.forEach((name, weight) -> {
      if (b.length() > 0) {
        b.append(LIST_SEPARATOR);
      }
      b.append(name).append('=').append(number(weight));
    });
    return b.toString();
  }

  /** Plain decimal notation (0.0001, never 1.0E-4), as spreadsheets and SIEM parsers expect. */
  private static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
