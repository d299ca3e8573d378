package dev.airlock.admin.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A batch of serialised events as the outbox stores it: the JSON array of the events, UTF-8,
 * deflated (zlib, fastest level: events of one batch repeat most of their keys and values, so a
 * batch shrinks about tenfold for little CPU).
 */
final class DeflatedJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeflatedJson() {}

  /** The array of {@code events} (each a JSON object's text), deflated. */
  static byte[] write(List<String> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (OutputStream out = new DeflaterOutputStream(bytes, deflater, 8192)) {
      out.write('[');
      for (int i = 0; i < events.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
      }
      out.write(']');
    } catch (IOException e) {
      throw new IllegalStateException("cannot deflate an alert batch", e);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  /** The JSON array {@link #write} stored. */
  static JsonNode read(byte[] deflated) throws IOException {
    try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated))) {
      return JSON.readTree(in);
    }
  }
}
