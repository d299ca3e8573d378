package dev.airlock.proxy.server;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code text/event-stream} body incrementally, as its chunks arrive, and gives the
 * {@code data} of each complete event (its data lines joined by newlines, as the EventSource
 * algorithm does). Lines end in CRLF, LF or CR; a chunk may end anywhere, even inside a CRLF or a
 * UTF-8 sequence. Reads at most {@code limit} bytes in all, then ignores the rest.
 */
final class SseEvents {
  private final int limit;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private boolean hasData;
  private boolean afterCr;
  private long read;

  SseEvents(int limit) {
    this.limit = limit;
  }

  /** Whether the limit is reached: nothing more is read. */
  boolean full() {
    return read >= limit;
  }

  /** Reads the readable bytes of {@code chunk} (without consuming them); returns the events completed. */
  List<String> feed(ByteBuf chunk) {
    int n = (int) Math.min(chunk.readableBytes(), limit - read);
    List<String> out = new ArrayList<>(0);
    if (n <= 0) {
      return out;
    }
    byte[] bytes = new byte[n];
    chunk.getBytes(chunk.readerIndex(), bytes);
    read += n;
    return feed(bytes, out);
  }

  /** Reads {@code bytes}; returns the events completed. */
  List<String> feed(byte[] bytes, List<String> out) {
    for (byte b : bytes) {
      if (afterCr) {
        afterCr = false;
        if (b == '\n') {
          continue; // the LF of a CRLF whose CR ended the line
        }
      }
      if (b == '\r' || b == '\n') {
        afterCr = b == '\r';
        endLine(out);
      } else {
        line.write(b);
      }
    }
    return out;
  }

  /** The event still open when the stream ends, if it has data (scanned although never dispatched). */
  List<String> finish() {
    List<String> out = new ArrayList<>(1);
    if (line.size() > 0) {
      endLine(out);
    }
    if (hasData) {
      out.add(data.toString(StandardCharsets.UTF_8));
      data.reset();
      hasData = false;
    }
    return out;
  }

  private void endLine(List<String> out) {
    byte[] l = line.toByteArray();
    line.reset();
    if (l.length == 0) {
      if (hasData) {
        out.add(data.toString(StandardCharsets.UTF_8));
      }
      data.reset();
      hasData = false;
      return;
    }
    int colon = indexOf(l, (byte) ':');
    String field = new String(l, 0, colon < 0 ? l.length : colon, StandardCharsets.UTF_8);
    if (!field.equals("data")) {
      return; // event, id, retry, comments and unknown fields carry no payload
    }
    int from = colon < 0 ? l.length : colon + 1;
    if (from < l.length && l[from] == ' ') {
      from++;
    }
    if (hasData) {
      data.write('\n');
    }
    data.write(l, from, l.length - from);
    hasData = true;
  }

  private static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
