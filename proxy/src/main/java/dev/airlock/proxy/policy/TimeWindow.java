package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recurring hours of the week in a time zone, e.g. Monday to Friday 08:00–18:00 Europe/Berlin:
 * the {@code time_window} condition and the working hours that define the off_hours risk signal.
 * When {@code from} is after {@code to} the window runs over midnight and belongs to the day it
 * starts on (22:00–06:00 on Fridays holds on Saturday at 03:00). Checking an instant allocates
 * nothing while it falls in the same span of the zone's offset as the one checked before.
 *
 * @param dayMask bit {@code 1 << d} for each day the window starts on, d = 0 for Monday .. 6 for Sunday
 * @param fromMinute start, minutes after local midnight (inclusive)
 * @param toMinute end, minutes after local midnight (exclusive), 1..1440
 * @param zone the time zone the hours are read in
 */
public final class TimeWindow {
  public static final int EVERY_DAY = 0x7F;
  static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final Pattern HH_MM = Pattern.compile("([01]?\\d|2[0-4]):([0-5]\\d)");

  private final int dayMask;
  private final int fromMinute;
  private final int toMinute;
  private final ZoneId zone;
  /**
   * The zone's offset over the span between two of its transitions that the last instant checked
   * fell in: zones with daylight saving compute later years' offsets on every call otherwise.
   */
  private volatile OffsetSpan span = new OffsetSpan(0, 0, 0);

  public TimeWindow(int dayMask, int fromMinute, int toMinute, ZoneId zone) {
    this.dayMask = dayMask;
    this.fromMinute = fromMinute;
    this.toMinute = toMinute;
    this.zone = zone;
    requireNonNull(zone, "zone");
    if (dayMask <= 0 || dayMask > EVERY_DAY) {
      throw PolicyException.at("days", "[] (expected: at least one of " + String.join(", ", DAYS) + ")");
    }
    if (fromMinute < 0 || fromMinute >= 1440) {
      throw PolicyException.at("from", "\"" + hhmm(fromMinute) + "\" (expected: 00:00 to 23:59)");
    }
    if (toMinute <= 0 || toMinute > 1440) {
      throw PolicyException.at("to", "\"" + hhmm(toMinute) + "\" (expected: 00:01 to 24:00)");
    }
    if (toMinute == fromMinute) {
      throw PolicyException.at("to", "\"" + hhmm(toMinute) + "\" (expected: a time other than from)");
    }
  }

  public int dayMask() {
    return dayMask;
  }

  public int fromMinute() {
    return fromMinute;
  }

  public int toMinute() {
    return toMinute;
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeWindow w && w.dayMask == dayMask && w.fromMinute == fromMinute
        && w.toMinute == toMinute && w.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return ((dayMask * 31 + fromMinute) * 31 + toMinute) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "TimeWindow[" + describe() + "]";
  }

  /** Whether {@code time} falls in the window. */
  public boolean contains(Instant time) {
    long epochSecond = time.getEpochSecond();
    long local = epochSecond + offsetAt(epochSecond, time);
    long day = Math.floorDiv(local, 86_400L);
    int minute = (int) (Math.floorMod(local, 86_400L) / 60);
    // 1970-01-01 was a Thursday (index 3 counting from Monday = 0).
    int weekday = (int) Math.floorMod(day + 3, 7L);
    if (fromMinute < toMinute) {
      return (dayMask & (1 << weekday)) != 0 && minute >= fromMinute && minute < toMinute;
    }
    int yesterday = weekday == 0 ? 6 : weekday - 1;
    return ((dayMask & (1 << weekday)) != 0 && minute >= fromMinute)
        || ((dayMask & (1 << yesterday)) != 0 && minute < toMinute);
  }

  private int offsetAt(long epochSecond, Instant time) {
    OffsetSpan s = span;
    if (epochSecond >= s.from && epochSecond < s.until) {
      return s.offsetSeconds;
    }
    ZoneRules rules = zone.getRules();
    int offset = rules.getOffset(time).getTotalSeconds();
    ZoneOffsetTransition next = rules.nextTransition(time);
    ZoneOffsetTransition previous = rules.previousTransition(time.plusSeconds(1));
    long from = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
    long until = next == null ? Long.MAX_VALUE : next.toEpochSecond();
    if (from <= epochSecond && epochSecond < until) {
      span = new OffsetSpan(from, until, offset);
    }
    return offset;
  }

  /** Instants [from, until) have this offset. */
  private record OffsetSpan(long from, long until, int offsetSeconds) {}

  /** "HH:MM" to minutes after midnight ("24:00" = 1440), or -1 when malformed. */
  public static int minutes(String hhmm) {
    Matcher m = HH_MM.matcher(hhmm == null ? "" : hhmm.strip());
    if (!m.matches()) {
      return -1;
    }
    int h = Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
    return h == 24 && min != 0 ? -1 : h * 60 + min;
  }

  /**
   * The days named by one entry: a day ("mon") or a range ("mon-fri", "fri-mon" wraps), any case;
   * 0 when malformed.
   */
  public static int dayBits(String entry) {
    String e = entry == null ? "" : entry.strip().toLowerCase(Locale.ROOT);
    int dash = e.indexOf('-');
    if (dash < 0) {
      int d = day(e);
      return d < 0 ? 0 : 1 << d;
    }
    int from = day(e.substring(0, dash).strip());
    int to = day(e.substring(dash + 1).strip());
    if (from < 0 || to < 0) {
      return 0;
    }
    int mask = 0;
    for (int d = from; ; d = (d + 1) % 7) {
      mask |= 1 << d;
      if (d == to) {
        return mask;
      }
    }
  }

  private static int day(String name) {
    String n = name.length() > 3 ? name.substring(0, 3) : name;
    int d = DAYS.indexOf(n);
    return d >= 0 && (name.length() == 3 || FULL[d].equals(name)) ? d : -1;
  }

  private static final String[] FULL =
      {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

  /** A zone id, or null when unknown. */
  public static ZoneId zone(String id) {
    try {
      return ZoneId.of(id == null ? "" : id.strip());
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** "mon-fri 08:00-18:00 Europe/Berlin" style, for messages and docs. */
  public String describe() {
    StringBuilder days = new StringBuilder();
    for (int d = 0; d < 7; d++) {
      if ((dayMask & (1 << d)) != 0) {
        days.append(days.length() == 0 ? "" : ",").append(DAYS.get(d));
      }
    }
    return days + " " + hhmm(fromMinute) + "-" + hhmm(toMinute) + " " + zone.getId();
  }

  private static String hhmm(int minutes) {
    return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
  }
}
