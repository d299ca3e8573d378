package dev.airlock.proxy.detect;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.List;
import java.util.Set;

/**
 * Phone numbers via libphonenumber ({@code findNumbers}, leniency VALID, default region US), with
 * at least 10 digits. libphonenumber only sees small windows around digit runs that could be a
 * phone number, which keeps large bodies cheap, and the window includes some context so its own
 * date and timestamp checks still work. Spans overlapping a card, IBAN or SSN are skipped: those
 * detectors ran first and are more specific.
 */
final class PhoneDetector implements TextDetector {
  static final String ID = "PII.phone";
  private static final int MIN_DIGITS = 10;
  private static final int CONTEXT = 12;
  private static final String DEFAULT_REGION = "US";
  private static final Set<String> MORE_SPECIFIC = Set.of(CardDetector.ID, IbanDetector.ID, SsnDetector.ID);
  /** Longer runs of digits and separators are tables or digit soup, not a phone number in prose. */
  private static final int MAX_RUN = 64;

  private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();

  @Override
  public List<String> keywords() {
    return List.of();
  }

  @Override
  public String detectorId() {
    return ID;
  }

  @Override
  public int minDigits() {
    return MIN_DIGITS;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    List<Finding> specific = out.stream().filter(f -> MORE_SPECIFIC.contains(f.detectorId())).toList();
    int lastEnd = -1;
    int n = text.length();
    int i = 0;
    while (i < n) {
      int start = runStart(text, i);
      if (start < 0) {
        i++;
        continue;
      }
      int end = start + 1;
      while (end < n && isRunChar(text.charAt(end))) {
        end++;
      }
      i = end;
      while (!Chars.isAsciiDigit(text.charAt(end - 1))) {
        end--;
      }
      if (end - start > MAX_RUN || countDigits(text, start, end) < MIN_DIGITS) {
        continue;
      }
      int from = Math.max(0, start - CONTEXT);
      int to = Math.min(n, end + CONTEXT);
      for (PhoneNumberMatch match
          : phoneNumbers.findNumbers(text.substring(from, to), DEFAULT_REGION, Leniency.VALID, Long.MAX_VALUE)) {
        int matchStart = from + match.start();
        int matchEnd = from + match.end();
        if (matchStart < lastEnd || countDigits(text, matchStart, matchEnd) < MIN_DIGITS
            || overlapsAny(specific, matchStart, matchEnd)) {
          continue;
        }
        out.add(new Finding(DataClass.PII, ID, matchStart, matchEnd));
        lastEnd = matchEnd;
      }
    }
  }

  /** {@code i} if a candidate run starts there (a digit, or '+' or '(' before one), else -1. */
  private static int runStart(String text, int i) {
    char c = text.charAt(i);
    boolean starts = Chars.isAsciiDigit(c)
        || ((c == '+' || c == '(') && Chars.isAsciiDigit(Chars.at(text, i + 1)));
    return starts && !Chars.isWordChar(Chars.at(text, i - 1)) ? i : -1;
  }

  private static boolean isRunChar(char c) {
    return Chars.isAsciiDigit(c) || c == ' ' || c == '(' || c == ')' || c == '.' || c == '-';
  }

  private static boolean overlapsAny(List<Finding> findings, int start, int end) {
    for (Finding f : findings) {
      if (f.start() < end && start < f.end()) {
        return true;
      }
    }
    return false;
  }

  private static int countDigits(String text, int start, int end) {
    int digits = 0;
    for (int i = start; i < end; i++) {
      if (Chars.isAsciiDigit(text.charAt(i))) {
        digits++;
      }
    }
    return digits;
  }
}
