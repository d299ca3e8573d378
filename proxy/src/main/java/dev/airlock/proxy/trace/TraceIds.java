package dev.airlock.proxy.trace;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Trace identifiers: {@code trc_} followed by 32 lower-case hex digits — the creation time in
 * milliseconds (12 digits), then 80 random bits. Identifiers therefore sort by creation time, so
 * the store appends them to the end of its primary-key index instead of writing into random
 * pages, and two identifiers collide only if they share the millisecond and all 80 random bits.
 */
public final class TraceIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  static final String PREFIX = "trc_";

  private TraceIds() {}

  public static String next() {
    return of(System.currentTimeMillis(), ThreadLocalRandom.current());
  }

  static String of(long millis, RandomGenerator random) {
    char[] id = new char[PREFIX.length() + 32];
    PREFIX.getChars(0, PREFIX.length(), id, 0);
    int at = PREFIX.length();
    at = hex(millis, 12, id, at);
    at = hex(random.nextLong(), 16, id, at);
    hex(random.nextInt(), 4, id, at);
    return new String(id);
  }

  /** Writes the low {@code digits} hex digits of {@code value} at {@code at}; returns the next index. */
  private static int hex(long value, int digits, char[] out, int at) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return at + digits;
  }
}
