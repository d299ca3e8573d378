package dev.airlock.proxy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Set;

/**
 * US Social Security numbers written AAA-GG-SSSS or AAA GG SSSS, with the SSA's structural rules:
 * no all-zero field, no area 666 or 900–999, and not one of the numbers made invalid by
 * publication.
 */
final class SsnDetector implements TextDetector {
  static final String ID = "PII.us_ssn";
  private static final Pattern CANDIDATE =
      Pattern.compile("([0-9]{3})-([0-9]{2})-([0-9]{4})|([0-9]{3}) ([0-9]{2}) ([0-9]{4})");
  /** Printed on a wallet insert (1938) and in an advertisement; never valid. */
  private static final Set<String> PUBLISHED = Set.of("078051120", "219099999");

  @Override
  public List<String> keywords() {
    return List.of();
  }

  @Override
  public void detect(String text, List<Finding> out) {
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      boolean dashed = m.group(1) != null;
      char sep = dashed ? '-' : ' ';
      char before = Chars.at(text, m.start() - 1);
      char after = Chars.at(text, m.end());
      if (Chars.isWordChar(before) || Chars.isWordChar(after) || before == '-' || after == '-') {
        continue;
      }
      // A longer grouped number (phone, card) continues with the same separator and a digit.
      if ((before == sep && Chars.isAsciiDigit(Chars.at(text, m.start() - 2)))
          || (after == sep && Chars.isAsciiDigit(Chars.at(text, m.end() + 1)))) {
        continue;
      }
      String area = dashed ? m.group(1) : m.group(4);
      String group = dashed ? m.group(2) : m.group(5);
      String serial = dashed ? m.group(3) : m.group(6);
      if (isValid(area, group, serial)) {
        out.add(new Finding(DataClass.PII, ID, m.start(), m.end()));
      }
    }
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
