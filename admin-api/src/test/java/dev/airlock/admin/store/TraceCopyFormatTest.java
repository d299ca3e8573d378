package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.trace.Trace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceCopyFormatTest {
  private static final Trace TRACE = new Trace("trc_1", Instant.parse("2000-01-01T00:00:01.0000015Z"), "default",
      "bot", null, "slack", "post_message", "WRITE", "POST", "slack.com", "/api/chat.postMessage", 200, "ALLOW",
      "ALLOW", List.of("DEFAULT_ACTION", "é"), null, 0.5, "LOW", List.of(), List.of(), 10, 20, 30, -1);
  private static final java.util.Map<String, Double> SIGNALS = new java.util.LinkedHashMap<>();

  static {
    SIGNALS.put("new_destination", 0.3);
    SIGNALS.put("burst", 0.0);
    SIGNALS.put("trust", 0.0);
  }

  /** The same request let through on an approval, with its risk signals. */
  private static final Trace APPROVED = new Trace(TRACE.id(), TRACE.time(), TRACE.env(), TRACE.agent(), TRACE.keyId(),
      TRACE.tool(), TRACE.operation(), TRACE.verb(), TRACE.method(), TRACE.host(), TRACE.path(), TRACE.status(),
      TRACE.decision(), TRACE.enforcedAction(), TRACE.reasons(), TRACE.ruleRef(), TRACE.riskScore(), TRACE.severity(),
      TRACE.dataClasses(), TRACE.boundDataClasses(), TRACE.bytesIn(), TRACE.bytesOut(), TRACE.policyMicros(),
      TRACE.upstreamMillis(), "apr_1", SIGNALS);

  @Test
  void encodesABatchAsBinaryCopyTuples() {
    TraceCopyFormat.Encoded encoded = TraceCopyFormat.rows(List.of(TRACE, APPROVED));
    ByteBuffer in = ByteBuffer.wrap(encoded.bytes(), 0, encoded.length());

    byte[] signature = new byte[11];
    in.get(signature);
    assertThat(signature).isEqualTo("PGCOPY\n\u00ff\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(in.getInt()).isZero(); // flags
    assertThat(in.getInt()).isZero(); // header extension
    for (int row = 0; row < 2; row++) {
      assertThat(in.getShort()).isEqualTo((short) 26);
      assertThat(text(in)).isEqualTo("trc_1");
      assertThat(in.getInt()).isEqualTo(8);
      assertThat(in.getLong()).as("µs since 2000-01-01, rounded").isEqualTo(1_000_002L);
      assertThat(text(in)).isEqualTo("default");
      assertThat(text(in)).isEqualTo("bot");
      assertThat(in.getInt()).as("NULL key id").isEqualTo(-1);
      for (String expected : List.of("slack", "post_message", "WRITE", "POST", "slack.com", "/api/chat.postMessage")) {
        assertThat(text(in)).isEqualTo(expected);
      }
      assertThat(in.getInt()).isEqualTo(4);
      assertThat(in.getInt()).isEqualTo(200);
      assertThat(text(in)).isEqualTo("ALLOW");
      assertThat(text(in)).isEqualTo("ALLOW");
      // text[] {"DEFAULT_ACTION","é"}: one dimension, no NULLs, element type text, bounds 1..2
      int arrayLength = in.getInt();
      int arrayStart = in.position();
      assertThat(new int[] {in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt()})
          .containsExactly(1, 0, 25, 2, 1);
      assertThat(text(in)).isEqualTo("DEFAULT_ACTION");
      assertThat(text(in)).isEqualTo("é");
      assertThat(in.position() - arrayStart).isEqualTo(arrayLength);
      assertThat(in.getInt()).as("NULL rule ref").isEqualTo(-1);
      assertThat(in.getInt()).isEqualTo(8);
      assertThat(in.getDouble()).isEqualTo(0.5);
      assertThat(text(in)).isEqualTo("LOW");
      // empty lists (data classes, then bound data classes) are NULL: one bit of the row, no array header
      assertThat(in.getInt()).isEqualTo(-1);
      assertThat(in.getInt()).isEqualTo(-1);
      for (long expected : new long[] {10, 20, 30, -1}) {
        assertThat(in.getInt()).isEqualTo(8);
        assertThat(in.getLong()).isEqualTo(expected);
      }
      if (row == 0) {
        assertThat(in.getInt()).as("NULL approval id").isEqualTo(-1);
        assertThat(in.getInt()).as("NULL risk signals").isEqualTo(-1);
      } else {
        assertThat(text(in)).isEqualTo("apr_1");
        // jsonb: version 1, then the text
        byte[] jsonb = new byte[in.getInt()];
        in.get(jsonb);
        assertThat(jsonb[0]).isEqualTo((byte) 1);
        assertThat(new String(jsonb, 1, jsonb.length - 1, StandardCharsets.UTF_8))
            .as("signals that did not fire are left out; a trust of 0 is kept")
            .isEqualTo("{\"new_destination\":0.3,\"trust\":0.0}");
      }
    }
    assertThat(in.getShort()).as("trailer").isEqualTo((short) -1);
    assertThat(in.hasRemaining()).isFalse();
  }

  private static String text(ByteBuffer in) {
    byte[] bytes = new byte[in.getInt()];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
