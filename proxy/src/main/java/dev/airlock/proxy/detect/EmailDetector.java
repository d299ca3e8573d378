package dev.airlock.proxy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: a permissive candidate pattern, then commons-validator on the candidate
 * (which also insists on a known top-level domain). The local part leaves out '=', '%', '/' and
 * '?' although RFC 5322 allows them, so {@code email=bob@example.com} in a form body yields the
 * address and not the field name.
 */
final class EmailDetector implements TextDetector {
  static final String ID = "PII.email";
  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
  private static final Pattern CANDIDATE =
      Pattern.compile("[A-Za-z0-9_+-](?:[A-Za-z0-9._+-]*[A-Za-z0-9_+-])?@" + LABEL + "(?:\\." + LABEL + ")+");

  private final EmailValidator validator = EmailValidator.getInstance(false, false);

  @Override
  public List<String> keywords() {
    return List.of("@");
  }

  @Override
  public void detect(String text, List<Finding> out) {
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      if (Chars.isAsciiAlnum(Chars.at(text, m.end())) || Chars.at(text, m.end()) == '-') {
        continue;
      }
      if (validator.isValid(m.group())) {
        out.add(new Finding(DataClass.PII, ID, m.start(), m.end()));
      }
    }
  }
}
