package dev.airlock.proxy.trace;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Trace identifiers: {@code trc_} followed by 32 lower-case hex digits — the creation time in
 * milliseconds (12 digits), then 80 random bits. Identifiers therefore sort by creation time, so
 * the store appends them to the end of its primary-key index instead of writing into random
 * pages, and two identifiers collide only if they share the millisecond and all 80 random bits.
 *
 * <p>A trace's time is taken with {@link #now()} (whole microseconds, what the store keeps) and its
 * id with {@link #at} from that time's millisecond, so the stored time of a trace lies within the
 * millisecond its id carries ({@link #millisOf}): the store finds a trace by id through its time.
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

  /** The current time as a trace records it: truncated to whole microseconds. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** The creation millisecond an identifier carries, or -1 when {@code id} is no trace id. */
  public static long millisOf(String id) {
    if (id == null || id.length() != PREFIX.length() + 32 || !id.startsWith(PREFIX)) {
      return -1;
    }
    long millis = 0;
    for (int i = PREFIX.length(); i < id.length(); i++) {
      int digit = Character.digit(id.charAt(i), 16);
      if (digit < 0 || Character.isUpperCase(id.charAt(i))) {
        return -1;
      }
      if (i < PREFIX.length() + 12) {
        millis = (millis << 4) | digit;
      }
    }
    return millis;
  }

  static String of(long millis, RandomGenerator random) {
    // 12 hex digits of the time (until the year 10889), then 16 + 4 of random bits.
    return PREFIX + HEX.toHexDigits(millis).substring(4) + HEX.toHexDigits(random.nextLong())
        + HEX.toHexDigits((short) random.nextInt());
  }
}
