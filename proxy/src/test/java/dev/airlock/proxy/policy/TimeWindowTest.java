package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeWindowTest {
  @ParameterizedTest(name = "{0} {1}-{2} {3} contains {4}: {5}")
  @CsvSource({
    // 2026-06-12 is a Friday; Berlin is UTC+2 in June.
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-06-12T06:00:00Z, true",
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-06-12T05:59:00Z, false",
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-06-12T16:00:00Z, false",
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-06-13T08:00:00Z, false",
    "sat,     00:00, 24:00, UTC,           2026-06-13T23:59:59Z, true",
    "sat,     00:00, 24:00, UTC,           2026-06-14T00:00:00Z, false",
    // Over midnight: the window belongs to the day it starts on.
    "fri,     22:00, 06:00, UTC,           2026-06-12T23:00:00Z, true",
    "fri,     22:00, 06:00, UTC,           2026-06-13T05:00:00Z, true",
    "fri,     22:00, 06:00, UTC,           2026-06-13T06:00:00Z, false",
    "fri,     22:00, 06:00, UTC,           2026-06-12T05:00:00Z, false",
    // A range that wraps the week: Friday to Monday.
    "fri-mon, 00:00, 24:00, UTC,           2026-06-14T12:00:00Z, true",
    "fri-mon, 00:00, 24:00, UTC,           2026-06-16T12:00:00Z, false",
    "sunday,  09:00, 10:00, Asia/Tokyo,    2026-06-14T00:30:00Z, true",
  })
  void containsTheLocalHoursOfItsDays(String days, String from, String to, String zone, String at, boolean inside) {
    TimeWindow w = new TimeWindow(TimeWindow.dayBits(days), TimeWindow.minutes(from), TimeWindow.minutes(to),
        ZoneId.of(zone));
    assertThat(w.contains(Instant.parse(at))).isEqualTo(inside);
  }

  @org.junit.jupiter.api.Test
  void oneWindowFollowsTheZonesOffsetAcrossItsTransitionsInAnyOrder() {
    TimeWindow w = new TimeWindow(TimeWindow.EVERY_DAY, 8 * 60, 18 * 60, ZoneId.of("Europe/Berlin"));
    String[][] checks = {
      {"2026-10-24T06:30:00Z", "true"}, // 08:30 summer time
      {"2026-10-26T06:30:00Z", "false"}, // 07:30 winter time
      {"2026-10-26T07:30:00Z", "true"},
      {"2026-06-10T05:30:00Z", "false"}, // back in summer: 07:30
      {"2026-06-10T06:30:00Z", "true"},
      {"2026-10-25T01:00:00Z", "false"}, // the transition itself: 02:00 winter time
      {"2027-01-05T16:59:00Z", "true"}, // 17:59 next winter
      {"2027-01-05T17:00:00Z", "false"},
      {"1999-12-31T23:30:00Z", "false"},
    };
    for (String[] c : checks) {
      assertThat(w.contains(Instant.parse(c[0]))).as(c[0]).isEqualTo(Boolean.parseBoolean(c[1]));
    }
    assertThat(w).isEqualTo(new TimeWindow(TimeWindow.EVERY_DAY, 480, 1080, ZoneId.of("Europe/Berlin")));
  }

  @ParameterizedTest
  @CsvSource({"mon, 1", "MON-WED, 7", "sun, 64", "fri-mon, 113", "funday, 0", "mon-xyz, 0", "'', 0"})
  void dayNamesAndRanges(String entry, int bits) {
    assertThat(TimeWindow.dayBits(entry)).isEqualTo(bits);
  }

  @ParameterizedTest
  @CsvSource({"08:00, 480", "8:05, 485", "24:00, 1440", "24:01, -1", "25:00, -1", "8am, -1", "08:60, -1"})
  void hoursAndMinutes(String text, int minutes) {
    assertThat(TimeWindow.minutes(text)).isEqualTo(minutes);
  }
}
