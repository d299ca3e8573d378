package dev.airlock.proxy.normalize.grpc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text inside a protobuf message, read without its schema from the wire format alone. Only
 * length-delimited fields (wire type 2) can hold text; such a field is a string, bytes, an
 * embedded message or a packed repeated field, and the wire does not say which. So each one is
 * taken as text when it is valid UTF-8 without control characters (tab, CR and LF allowed), and
 * also read as an embedded message when it parses as one whole, down to {@value #MAX_DEPTH}
 * levels. Varints and fixed 32/64-bit fields carry no text and are skipped; groups (wire types 3
 * and 4) are walked through. A message that does not parse (e.g. {@code application/grpc+json})
 * yields the text found before the error, and itself whole when it is text.
 *
 * <p>Both readings of an ambiguous field are kept, so some text may appear twice; what is
 * collected is bounded by {@value #BUDGET_FACTOR} times the message size plus 64 characters; the raw
 * body is scanned whole besides.
 */
public final class ProtobufText {
  /** Embedded messages are read down to this many levels below the top message. */
  public static final int MAX_DEPTH = 16;
  static final int BUDGET_FACTOR = 4;

  private final List<String> out;
  private final int maxDepth;
  private long budget;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  private ProtobufText(List<String> out, int maxDepth, long budget) {
    this.out = out;
    this.maxDepth = maxDepth;
    this.budget = budget;
  }

  /** Adds the texts of the message in {@code buf[offset, offset+length)} to {@code out}, in order. */
  public static void collect(byte[] buf, int offset, int length, List<String> out) {
    collect(buf, offset, length, MAX_DEPTH, out);
  }

  static void collect(byte[] buf, int offset, int length, int maxDepth, List<String> out) {
    ProtobufText t = new ProtobufText(out, maxDepth, (long) BUDGET_FACTOR * length + 64);
    if (length > 0 && t.isText(buf, offset, offset + length) && !parses(buf, offset, offset + length)) {
      t.emit(buf, offset, offset + length); // not protobuf: JSON or text sent as the message
    }
    t.fields(buf, offset, offset + length, 0);
  }

  /** Walks the fields of {@code buf[from, to)}, collecting text, until the end or the first malformed field. */
  private void fields(byte[] buf, int from, int to, int depth) {
    int at = from;
    while (at < to && budget > 0) {
      long key = varint(buf, at, to);
      if (key < 0) {
        return;
      }
      at += varintSize(buf, at);
      int wireType = (int) (key & 7);
      if ((key >>> 3) == 0 || (key >>> 3) > 0x1fffffffL) {
        return;
      }
      switch (wireType) {
        case 0 -> {
          int n = varintLength(buf, at, to);
          if (n < 0) {
            return;
          }
          at += n;
        }
        case 1 -> at += 8;
        case 5 -> at += 4;
        case 3, 4 -> { } // group start / end: its fields are read at this level
        case 2 -> {
          long len = varint(buf, at, to);
          if (len < 0) {
            return;
          }
          at += varintSize(buf, at);
          if (len > to - at) {
            return;
          }
          int end = at + (int) len;
          field(buf, at, end, depth);
          at = end;
        }
        default -> {
          return;
        }
      }
    }
  }

  private void field(byte[] buf, int from, int to, int depth) {
    if (from == to) {
      return;
    }
    if (isText(buf, from, to)) {
      emit(buf, from, to);
    }
    if (depth < maxDepth && to - from >= 2 && parses(buf, from, to)) {
      fields(buf, from, to, depth + 1);
    }
  }

  private void emit(byte[] buf, int from, int to) {
    if (to - from > budget) {
      return; // past the bound: the raw body scan still sees it
    }
    budget -= to - from;
    out.add(new String(buf, from, to - from, StandardCharsets.UTF_8));
  }

  /** Whether {@code buf[from, to)} is a whole, well-formed protobuf message (groups balanced). */
  static boolean parses(byte[] buf, int from, int to) {
    int at = from;
    int groups = 0;
    while (at < to) {
      long key = varint(buf, at, to);
      if (key < 0 || (key >>> 3) == 0 || (key >>> 3) > 0x1fffffffL) {
        return false;
      }
      at += varintSize(buf, at);
      switch ((int) (key & 7)) {
        case 0 -> {
          int n = varintLength(buf, at, to);
          if (n < 0) {
            return false;
          }
          at += n;
        }
        case 1 -> at += 8;
        case 5 -> at += 4;
        case 2 -> {
          long len = varint(buf, at, to);
          if (len < 0) {
            return false;
          }
          at += varintSize(buf, at);
          if (len > to - at) {
            return false;
          }
          at += (int) len;
        }
        case 3 -> groups++;
        case 4 -> {
          if (--groups < 0) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return at == to && groups == 0;
  }

  /** Valid UTF-8 with no control character other than tab, CR and LF. */
  private boolean isText(byte[] buf, int from, int to) {
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      int b = buf[i];
      if (b < 0) {
        ascii = false;
      } else if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
        return false;
      }
    }
    if (ascii) {
      return true;
    }
    try {
      String s = utf8.reset().decode(ByteBuffer.wrap(buf, from, to - from)).toString();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c >= 0x80 && c < 0xa0) {
          return false; // C1 controls
        }
      }
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** The varint at {@code at}, or -1 when it runs past {@code to} or is longer than 10 bytes. */
  static long varint(byte[] buf, int at, int to) {
    long value = 0;
    for (int i = 0; i < 10; i++) {
      if (at + i >= to) {
        return -1;
      }
      int b = buf[at + i];
      value |= (long) (b & 0x7f) << (7 * i);
      if (b >= 0) {
        return value < 0 ? -1 : value; // a negative int64 varint is 10 bytes long; as a length or key it is invalid
      }
    }
    return -1;
  }

  /** The length of the varint at {@code at} (1 to 10 bytes), or -1 when it runs past {@code to} or is longer. */
  static int varintLength(byte[] buf, int at, int to) {
    for (int i = 0; i < 10 && at + i < to; i++) {
      if (buf[at + i] >= 0) {
        return i + 1;
      }
    }
    return -1;
  }

  /** The size of the varint at {@code at}, which {@link #varint} accepted. */
  private static int varintSize(byte[] buf, int at) {
    int n = 1;
    while (buf[at + n - 1] < 0) {
      n++;
    }
    return n;
  }
}
