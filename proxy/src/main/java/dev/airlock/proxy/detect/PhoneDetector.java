package dev.airlock.proxy.detect;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
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
  private static final Pattern CANDIDATE = Pattern.compile("\\+?\\(?[0-9][0-9 ().\\-]{7,24}[0-9]");

  private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();

  @Override
  public List<String> keywords() {
    return List.of();
  }

  @Override
  public void detect(String text, List<Finding> out) {
    List<Finding> specific = out.stream().filter(f -> MORE_SPECIFIC.contains(f.detectorId())).toList();
    int lastEnd = -1;
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      if (countDigits(text, m.start(), m.end()) < MIN_DIGITS) {
        continue;
      }
      int from = Math.max(0, m.start() - CONTEXT);
      int to = Math.min(text.length(), m.end() + CONTEXT);
      for (PhoneNumberMatch match : phoneNumbers.findNumbers(text.substring(from, to), DEFAULT_REGION, Leniency.VALID, Long.MAX_VALUE)) {
        int start = from + match.start();
        int end = from + match.end();
        if (start < lastEnd || countDigits(text, start, end) < MIN_DIGITS || overlapsAny(specific, start, end)) {
          continue;
        }
        out.add(new Finding(DataClass.PII, ID, start, end));
        lastEnd = end;
      }
    }
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
