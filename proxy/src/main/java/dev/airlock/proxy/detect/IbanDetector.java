package dev.airlock.proxy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
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

  private final IBANValidator validator = IBANValidator.getInstance();

  @Override
  public List<String> keywords() {
    return List.of();
  }

  @Override
  public void detect(String text, List<Finding> out) {
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      int start = m.start();
      if (Chars.isWordChar(Chars.at(text, start - 1))) {
        continue;
      }
      int end = m.end();
      while (end > start) {
        if (!Chars.isWordChar(Chars.at(text, end))
            && validator.isValid(text.substring(start, end).replace(" ", ""))) {
          out.add(new Finding(DataClass.PII, ID, start, end));
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
