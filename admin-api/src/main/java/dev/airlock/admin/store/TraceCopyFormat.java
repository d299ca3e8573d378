package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import java.util.List;

/**
 * Encodes traces as rows of PostgreSQL's COPY text format: tab-separated, backslash escapes,
 * {@code \N} for NULL, arrays as quoted array literals.
 */
final class TraceCopyFormat {
  static final String COLUMNS =
      "id, time, env, agent, key_id, tool, operation, verb, method, host, path, status, decision,"
          + " enforced_action, reasons, rule_ref, risk_score, severity, data_classes, bytes_in,"
          + " bytes_out, policy_us, upstream_ms";

  private TraceCopyFormat() {}

  static String rows(List<Trace> traces) {
    StringBuilder sb = new StringBuilder(traces.size() * 256);
    for (Trace t : traces) {
      row(sb, t);
    }
    return sb.toString();
  }

  static void row(StringBuilder sb, Trace t) {
    text(sb, t.id()).append('\t');
    text(sb, t.time().toString()).append('\t');
    text(sb, nonNull(t.env())).append('\t');
    text(sb, nonNull(t.agent())).append('\t');
    text(sb, t.keyId()).append('\t');
    text(sb, nonNull(t.tool())).append('\t');
    text(sb, nonNull(t.operation())).append('\t');
    text(sb, nonNull(t.verb())).append('\t');
    text(sb, nonNull(t.method())).append('\t');
    text(sb, nonNull(t.host())).append('\t');
    text(sb, nonNull(t.path())).append('\t');
    sb.append(t.status()).append('\t');
    text(sb, nonNull(t.decision())).append('\t');
    text(sb, nonNull(t.enforcedAction())).append('\t');
    text(sb, array(t.reasons())).append('\t');
    text(sb, t.ruleRef()).append('\t');
    sb.append(t.riskScore()).append('\t');
    text(sb, nonNull(t.severity())).append('\t');
    text(sb, array(t.dataClasses())).append('\t');
    sb.append(t.bytesIn()).append('\t');
    sb.append(t.bytesOut()).append('\t');
    sb.append(t.policyMicros()).append('\t');
    sb.append(t.upstreamMillis()).append('\n');
  }

  /** A value in COPY text format: backslash, tab, newline and carriage return escaped. */
  static StringBuilder text(StringBuilder sb, String s) {
    if (s == null) {
      return sb.append("\\N");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb;
  }

  /** An array literal with every element quoted ({"a","b\"c"}); COPY escaping is applied after. */
  static String array(List<String> values) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"');
      String v = values.get(i);
      for (int k = 0; k < v.length(); k++) {
        char c = v.charAt(k);
        if (c == '"' || c == '\\') {
          sb.append('\\');
        }
        sb.append(c);
      }
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
