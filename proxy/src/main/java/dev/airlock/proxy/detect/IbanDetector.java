package dev.airlock.proxy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.nio.CharBuffer;
import java.util.List;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * IBANs, compact or printed in groups of four, valid per country format and mod-97 check digits.
 * When the printed form is followed by more groups (a reference number, say) the longest
 * group-aligned prefix that validates wins.
 */
final class IbanDetector implements TextDetector {
  static final String ID = "PII.iban";
  private static final Pattern CANDIDATE =
      Pattern.compile("[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?");

  /** Shortest IBAN in use (Norway). */
  private static final int MIN_LENGTH = 15;
  /** Longest IBAN (34) printed in groups of four with a space between groups. */
  private static final int MAX_PRINTED = 34 + 8;

  private final IBANValidator validator = IBANValidator.getInstance();

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

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
    return 2; // the check digits; the rest may be letters
  }

  @Override
  public void detect(String text, List<Finding> out) {
    int last = text.length() - MIN_LENGTH;
    for (int start = 0; start <= last; start++) {
      // Cheap shape test (two capitals, two digits, not inside a word) before the regex.
      if (!isUpper(text.charAt(start)) || !isUpper(text.charAt(start + 1))
          || !Chars.isAsciiDigit(text.charAt(start + 2)) || !Chars.isAsciiDigit(text.charAt(start + 3))
          || Chars.isWordChar(Chars.at(text, start - 1))) {
        continue;
      }
      Matcher m = CANDIDATE.matcher(CharBuffer.wrap(text, start, Math.min(text.length(), start + MAX_PRINTED)));
      if (!m.lookingAt()) {
        continue;
      }
      int end = start + m.end();
      while (end > start) {
        if (!Chars.isWordChar(Chars.at(text, end))
            && validator.isValid(text.substring(start, end).replace(" ", ""))) {
          out.add(new Finding(DataClass.PII, ID, start, end));
          start = end - 1;
          break;
        }
        int space = text.lastIndexOf(' ', end - 1);
        if (space <= start) {
          break;
        }
        end = space;
      }
    }
  }
}
