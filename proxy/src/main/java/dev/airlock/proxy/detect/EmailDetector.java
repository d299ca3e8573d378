package dev.airlock.proxy.detect;

import java.util.List;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: from each '@', the address-like chars on both sides form a candidate, which
 * commons-validator then checks (including a known top-level domain, so the domain has a dot).
 * The local part leaves out '=', '%', '/' and '?' although RFC 5322 allows them, so
 * {@code email=bob@example.com} in a form body yields the address and not the field name.
 */
final class EmailDetector implements TextDetector {
  static final String ID = "PII.email";
  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 253;

  private final EmailValidator validator = EmailValidator.getInstance(false, false);

  @Override
  public List<String> keywords() {
    return List.of("@");
  }

  @Override
  public String detectorId() {
    return ID;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int start = at;
      while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charAt(start - 1))) {
        start--;
      }
      while (start < at && text.charAt(start) == '.') {
        start++;
      }
      int end = at + 1;
      while (end < text.length() && end - at <= MAX_DOMAIN && isDomainChar(text.charAt(end))) {
        end++;
      }
      while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
        end--;
      }
      if (start < at && end > at + 1 && hasDot(text, at, end) && validator.isValid(text.substring(start, end))) {
        out.add(new Finding(DataClass.PII, ID, start, end));
        at = end - 1;
      }
    }
  }

  private static boolean hasDot(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '.') {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocalChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '.' || c == '_' || c == '+' || c == '-';
  }

  private static boolean isDomainChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '.' || c == '-';
  }
}
