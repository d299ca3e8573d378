package dev.airlock.proxy.normalize.git;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/** Applies a git pack delta (copy/insert instructions) to a base object, or reads what it adds. */
final class BinaryDelta {
  private BinaryDelta() {}

  /**
   * @return the result object, or empty when the delta is malformed, does not fit the base, or
   *     would produce more than {@code maxResult} bytes
   */
  static Optional<byte[]> apply(byte[] base, byte[] delta, int maxResult) {
    int[] pos = {0};
    long baseSize = readSize(delta, pos);
    long resultSize = readSize(delta, pos);
    if (baseSize != base.length || resultSize < 0 || resultSize > maxResult) {
      return Optional.empty();
    }
    byte[] out = new byte[(int) resultSize];
    int o = 0;
    int p = pos[0];
    while (p < delta.length) {
      int cmd = delta[p++] & 0xff;
      if ((cmd & 0x80) != 0) {
        long offset = 0;
        long size = 0;
        for (int i = 0; i < 4; i++) {
          if ((cmd & (1 << i)) != 0) {
            if (p >= delta.length) {
              return Optional.empty();
            }
            offset |= (long) (delta[p++] & 0xff) << (8 * i);
          }
        }
        for (int i = 0; i < 3; i++) {
          if ((cmd & (0x10 << i)) != 0) {
            if (p >= delta.length) {
              return Optional.empty();
            }
            size |= (long) (delta[p++] & 0xff) << (8 * i);
          }
        }
        if (size == 0) {
          size = 0x10000;
        }
        if (offset + size > base.length || o + size > out.length) {
          return Optional.empty();
        }
        System.arraycopy(base, (int) offset, out, o, (int) size);
        o += (int) size;
      } else if (cmd != 0) {
        if (p + cmd > delta.length || o + cmd > out.length) {
          return Optional.empty();
        }
        System.arraycopy(delta, p, out, o, cmd);
        p += cmd;
        o += cmd;
      } else {
        // Opcode 0 is reserved by the format; git itself rejects it.
        return Optional.empty();
      }
    }
    return o == out.length ? Optional.of(out) : Optional.empty();
  }

  /** @return the size of the object the delta rebuilds, or -1 when its header is malformed */
  static long resultSize(byte[] delta) {
    int[] pos = {0};
    return readSize(delta, pos) < 0 ? -1 : readSize(delta, pos);
  }

  /**
   * The bytes a delta inserts itself, for a delta whose base is not at hand: what a change adds to
   * a file is there even without the base. Inserts that follow one another are joined as they
   * appear in the result; a newline stands for each run of bytes copied from the base in between,
   * so that text on either side of base bytes is never read as one word.
   *
   * @return the inserted bytes, or empty when the delta is malformed
   */
  static Optional<byte[]> inserted(byte[] delta) {
    int[] pos = {0};
    if (readSize(delta, pos) < 0 || readSize(delta, pos) < 0) {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int p = pos[0];
    boolean copiedSinceInsert = false;
    while (p < delta.length) {
      int cmd = delta[p++] & 0xff;
      if ((cmd & 0x80) != 0) {
        p += Integer.bitCount(cmd & 0x7f);
        if (p > delta.length) {
          return Optional.empty();
        }
        copiedSinceInsert = true;
      } else if (cmd != 0) {
        if (p + cmd > delta.length) {
          return Optional.empty();
        }
        if (copiedSinceInsert && out.size() > 0) {
          out.write('\n');
        }
        copiedSinceInsert = false;
        out.write(delta, p, cmd);
        p += cmd;
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(out.toByteArray());
  }

  /** Little-endian base-128 size; -1 when it runs past the end or overflows. */
  private static long readSize(byte[] delta, int[] pos) {
    long size = 0;
    int shift = 0;
    while (true) {
      if (pos[0] >= delta.length || shift > 56) {
        return -1;
      }
      int b = delta[pos[0]++] & 0xff;
      size |= (long) (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        return size;
      }
    }
  }
}
