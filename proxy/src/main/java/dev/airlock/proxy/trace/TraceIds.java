package dev.airlock.proxy.trace;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Trace identifiers: {@code trc_} followed by 32 lower-case hex digits — the creation time in
 * milliseconds (12 digits), then 80 random bits. Identifiers therefore sort by creation time, like
 * the traces' times, and two identifiers collide only if they share the millisecond and all 80
 * random bits.
 *
 * <p>A trace's time is taken with {@link #now()} (whole microseconds, what the store keeps) and its
 * id with {@link #at} from that time's millisecond, so the stored time of a trace lies within the
 * millisecond its id carries ({@link #millisOf}): the store finds a trace by id through its time.
 */
public final class TraceIds {
  static final String PREFIX = "trc_";
  private static final int LENGTH = PREFIX.length() + 32;
  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

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
    if (id == null || id.length() != LENGTH || !id.startsWith(PREFIX)) {
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
    // 12 hex digits of the time (until the year 10889), then 64 + 16 random bits; one array, one
    // string: an id is made for every request.
    byte[] id = new byte[LENGTH];
    for (int i = 0; i < PREFIX.length(); i++) {
      id[i] = (byte) PREFIX.charAt(i);
    }
    hex(id, PREFIX.length(), millis, 12);
    hex(id, PREFIX.length() + 12, random.nextLong(), 16);
    hex(id, PREFIX.length() + 28, random.nextInt(), 4);
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  /** Writes the low {@code digits} hex digits of {@code value} into {@code out} at {@code at}. */
  private static void hex(byte[] out, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = DIGITS[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
