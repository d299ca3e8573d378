package dev.airlock.proxy.detect;

import java.util.List;
import java.util.Set;

/**
 * US Social Security numbers written AAA-GG-SSSS or AAA GG SSSS, with the SSA's structural rules:
 * no all-zero field, no area 666 or 900–999, and not one of the numbers made invalid by
 * publication.
 */
final class SsnDetector implements TextDetector {
  static final String ID = "PII.us_ssn";
  private static final int LENGTH = 11;
  /** Printed on a wallet insert (1938) and in an advertisement; never valid. */
  private static final Set<String> PUBLISHED = Set.of("078051120", "219099999");

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
    return 9; // AAA-GG-SSSS
  }

  @Override
  public void detect(String text, List<Finding> out) {
    int last = text.length() - LENGTH;
    for (int i = 0; i <= last; i++) {
      if (!Chars.isAsciiDigit(text.charAt(i)) || Chars.isAsciiDigit(Chars.at(text, i - 1))) {
        continue;
      }
      char sep = text.charAt(i + 3);
      if ((sep != '-' && sep != ' ') || text.charAt(i + 6) != sep
          || !digits(text, i, 3) || !digits(text, i + 4, 2) || !digits(text, i + 7, 4)) {
        continue;
      }
      int end = i + LENGTH;
      char before = Chars.at(text, i - 1);
      char after = Chars.at(text, end);
      if (Chars.isWordChar(before) || Chars.isWordChar(after) || before == '-' || after == '-') {
        continue;
      }
      // A longer grouped number (phone, card) continues with the same separator and a digit.
      if ((before == sep && Chars.isAsciiDigit(Chars.at(text, i - 2)))
          || (after == sep && Chars.isAsciiDigit(Chars.at(text, end + 1)))) {
        continue;
      }
      if (isValid(text.substring(i, i + 3), text.substring(i + 4, i + 6), text.substring(i + 7, end))) {
        out.add(new Finding(DataClass.PII, ID, i, end));
        i = end - 1;
      }
    }
  }

  private static boolean digits(String text, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (!Chars.isAsciiDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isValid(String area, String group, String serial) {
    int a = Integer.parseInt(area);
    return a != 0
        && a != 666
        && a < 900
        && !group.equals("00")
        && !serial.equals("0000")
        && !PUBLISHED.contains(area + group + serial);
  }
}
