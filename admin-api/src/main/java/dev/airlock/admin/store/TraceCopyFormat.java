package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes traces in PostgreSQL's binary COPY format: each value as its length and its binary
 * form, so the server stores the row without parsing text (dates, numbers, array literals,
 * escapes), which is most of its work per trace in text format. The columns' types must match
 * {@link #COLUMNS} exactly; the schema's migrations fix them.
 */
final class TraceCopyFormat {
  static final String COLUMNS =
      "id, time, env, agent, key_id, tool, operation, verb, method, host, path, status, decision,"
          + " enforced_action, reasons, rule_ref, risk_score, severity, data_classes,"
          + " bound_data_classes, bytes_in, bytes_out, policy_us, upstream_ms, approval_id, risk_signals";
  private static final int FIELDS = 26;
  /** Signature, flags (no OIDs) and header extension length (none). */
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };
  private static final int TEXT_OID = 25;
  /** Seconds from the Unix epoch to PostgreSQL's (2000-01-01T00:00:00Z). */
  private static final long PG_EPOCH_SECONDS = 946_684_800L;

  private byte[] buf;
  private int size;

  private TraceCopyFormat(int capacity) {
    this.buf = new byte[capacity];
  }

  /** The whole COPY stream for a batch: header, one tuple per trace, trailer. */
  static Encoded rows(List<Trace> traces) {
    TraceCopyFormat out = new TraceCopyFormat(HEADER.length + 2 + traces.size() * 512);
    out.bytes(HEADER);
    for (Trace t : traces) {
      out.row(t);
    }
    out.int16(-1);
    return new Encoded(out.buf, out.size);
  }

  /** Bytes {@code [0, length)} of {@code bytes} are the stream. */
  record Encoded(byte[] bytes, int length) {}

  private void row(Trace t) {
    int16(FIELDS);
    text(t.id());
    timestamp(t.time());
    text(nonNull(t.env()));
    text(nonNull(t.agent()));
    text(t.keyId());
    text(nonNull(t.tool()));
    text(nonNull(t.operation()));
    text(nonNull(t.verb()));
    text(nonNull(t.method()));
    text(nonNull(t.host()));
    text(nonNull(t.path()));
    int32(4);
    int32(t.status());
    text(nonNull(t.decision()));
    text(nonNull(t.enforcedAction()));
    textArray(t.reasons());
    text(t.ruleRef());
    int64Field(Double.doubleToLongBits(t.riskScore()));
    text(nonNull(t.severity()));
    textArray(t.dataClasses());
    textArray(t.boundDataClasses());
    int64Field(t.bytesIn());
    int64Field(t.bytesOut());
    int64Field(t.policyMicros());
    int64Field(t.upstreamMillis());
    text(t.approvalId());
    jsonb(RiskSignalsJson.write(t.riskSignals()));
  }

  /** jsonb's binary form: version 1, then the JSON text; NULL for null. */
  private void jsonb(String json) {
    if (json == null) {
      int32(-1);
      return;
    }
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    int32(utf8.length + 1);
    ensure(1);
    buf[size++] = 1;
    bytes(utf8);
  }

  private void text(String s) {
    if (s == null) {
      int32(-1);
      return;
    }
    int n = s.length();
    ensure(4 + n);
    int lengthAt = size;
    size += 4;
    // Trace values are mostly ASCII: copy chars as bytes until one is not, then encode.
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        size = lengthAt + 4;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        bytes(utf8);
        break;
      }
      buf[size++] = (byte) c;
    }
    putInt(lengthAt, size - lengthAt - 4);
  }

  /** Microseconds since PostgreSQL's epoch. */
  private void timestamp(Instant time) {
    Instant stored = storedTime(time);
    long micros = Math.multiplyExact(stored.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L)
        + stored.getNano() / 1_000;
    int64Field(micros);
  }

  /**
   * The time as PostgreSQL keeps it: rounded to the nearest microsecond, as text input would be.
   * Every way a trace is written stores this same value, so a trace written again (a spool replay
   * after a write whose outcome was unknown) is found by its (id, time) and skipped.
   */
  static Instant storedTime(Instant time) {
    long micros = (time.getNano() + 500L) / 1_000;
    return Instant.ofEpochSecond(time.getEpochSecond(), micros * 1_000);
  }

  /**
   * A one-dimensional text[] without NULL elements; an empty list is stored as NULL (one bit of the
   * row's null bitmap instead of an empty array's header), which reads back as an empty list.
   */
  private void textArray(List<String> values) {
    if (values.isEmpty()) {
      int32(-1);
      return;
    }
    int lengthAt = size;
    int32(0); // patched below, once the elements are written
    int32(1); // dimensions
    int32(0); // no NULL elements
    int32(TEXT_OID);
    int32(values.size());
    int32(1); // lower bound
    for (int i = 0, n = values.size(); i < n; i++) {
      text(values.get(i));
    }
    putInt(lengthAt, size - lengthAt - 4);
  }

  private void int64Field(long v) {
    int32(8);
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  private void int32(int v) {
    ensure(4);
    putInt(size, v);
    size += 4;
  }

  private void int16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  private void putInt(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  private void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
