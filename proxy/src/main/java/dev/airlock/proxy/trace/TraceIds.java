package dev.airlock.proxy.trace;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Trace identifiers: {@code trc_} followed by 32 lower-case hex digits — the creation time in
 * milliseconds (12 digits), then 80 random bits. Identifiers therefore sort by creation time, so
 * the store appends them to the end of its primary-key index instead of writing into random
 * pages, and two identifiers collide only if they share the millisecond and all 80 random bits.
 */
public final class TraceIds {
  private static final HexFormat HEX = HexFormat.of();
  static final String PREFIX = "trc_";

  private TraceIds() {}

  public static String next() {
    return at(System.currentTimeMillis());
  }

  /** An identifier for something created at {@code millis} since the epoch. */
  public static String at(long millis) {
    return of(millis, ThreadLocalRandom.current());
  }

  static String of(long millis, RandomGenerator random) {
    // 12 hex digits of the time (until the year 10889), then 16 + 4 of random bits.
    return PREFIX + HEX.toHexDigits(millis).substring(4) + HEX.toHexDigits(random.nextLong())
        + HEX.toHexDigits((short) random.nextInt());
  }
}
