package dev.airlock.admin.http;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code since}/{@code until}: an ISO-8601 instant, or a duration back from now ({@code 15m}). */
final class TimeParam {
  private static final Pattern RELATIVE = Pattern.compile("^(\\d{1,9})([smhd])$");

  private TimeParam() {}

  static Instant parse(String name, String value, Instant now) {
    if (value == null) {
      return null;
    }
    Matcher m = RELATIVE.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return now.minus(d);
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "invalid_parameter",
          name,
          name + ": \"" + value + "\" (expected: ISO-8601 instant such as 2025-01-31T12:00:00Z,"
              + " or a duration such as 15m, 2h, 7d)");
    }
  }
}
