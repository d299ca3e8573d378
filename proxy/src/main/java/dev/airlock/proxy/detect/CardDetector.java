package dev.airlock.proxy.detect;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Payment card numbers: 13–19 digits, optionally grouped by single spaces or dashes, Luhn-valid
 * and under a known issuer prefix with a length that issuer uses. A run of grouped digits longer
 * than a card (a card number followed by an expiry year, say) is tried group-aligned; a run of
 * more than 19 contiguous digits is never a card.
 */
final class CardDetector implements TextDetector {
  static final String ID = "PII.card";
  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

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
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!Chars.isAsciiDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int runStart = i;
      int digits = 0;
      while (true) {
        while (i < n && Chars.isAsciiDigit(text.charAt(i))) {
          i++;
          digits++;
        }
        char sep = Chars.at(text, i);
        if ((sep == ' ' || sep == '-') && Chars.isAsciiDigit(Chars.at(text, i + 1))) {
          i++;
        } else {
          break;
        }
      }
      if (digits >= MIN_DIGITS && isIsolated(text, runStart, i)) {
        findInRun(text, groups(text, runStart, i), out);
      }
    }
  }

  /** Start/end offsets of the digit groups of a run. */
  private static List<int[]> groups(String text, int start, int end) {
    List<int[]> groups = new ArrayList<>();
    int groupStart = start;
    for (int i = start; i <= end; i++) {
      if (i == end || !Chars.isAsciiDigit(text.charAt(i))) {
        groups.add(new int[] {groupStart, i});
        groupStart = i + 1;
      }
    }
    return groups;
  }

  private static boolean isIsolated(String text, int start, int end) {
    char before = Chars.at(text, start - 1);
    char after = Chars.at(text, end);
    if (Chars.isWordChar(before) || Chars.isWordChar(after)) {
      return false;
    }
    // Fractions such as 0.4111111111111111 are numbers, not cards.
    return !(before == '.' && Chars.isAsciiDigit(Chars.at(text, start - 2)))
        && !(after == '.' && Chars.isAsciiDigit(Chars.at(text, end + 1)));
  }

  private static void findInRun(String text, List<int[]> groups, List<Finding> out) {
    int g = 0;
    while (g < groups.size()) {
      int bestEnd = -1;
      int digits = 0;
      for (int h = g; h < groups.size(); h++) {
        digits += groups.get(h)[1] - groups.get(h)[0];
        if (digits > MAX_DIGITS) {
          break;
        }
        if (digits >= MIN_DIGITS && isCard(digitsOf(text, groups.get(g)[0], groups.get(h)[1]))) {
          bestEnd = h;
        }
      }
      if (bestEnd >= 0) {
        out.add(new Finding(DataClass.PII, ID, groups.get(g)[0], groups.get(bestEnd)[1]));
        g = bestEnd + 1;
      } else {
        g++;
      }
    }
  }

  private static String digitsOf(String text, int start, int end) {
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (Chars.isAsciiDigit(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static boolean isCard(String digits) {
    return issuerAccepts(digits) && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits);
  }

  /** Issuer identification number ranges and the lengths each network issues. */
  private static boolean issuerAccepts(String d) {
    int len = d.length();
    int p2 = Integer.parseInt(d.substring(0, 2));
    int p3 = Integer.parseInt(d.substring(0, 3));
    int p4 = Integer.parseInt(d.substring(0, 4));
    if (d.charAt(0) == '4') {
      return len == 13 || len == 16 || len == 19; // Visa
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
      return len == 16; // Mastercard
    }
    if (p2 == 34 || p2 == 37) {
      return len == 15; // American Express
    }
    if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649)) {
      return len >= 16; // Discover
    }
    if (p4 >= 3528 && p4 <= 3589) {
      return len >= 16; // JCB
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
      return len >= 14; // Diners Club
    }
    if (p2 == 62) {
      return len >= 16; // UnionPay
    }
    return false;
  }
}
