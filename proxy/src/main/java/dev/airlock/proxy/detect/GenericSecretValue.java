package dev.airlock.proxy.detect;

import java.util.List;
import java.util.Locale;

/**
 * The generic "credential assigned to a key" rule: {@code api_key=…}, {@code "apiKey": "…"},
 * {@code password: …}, {@code Authorization: Bearer …}. Only the value is the span. Because the
 * shape is common in innocent text, the value must look random and must not be a placeholder.
 */
final class GenericSecretValue {
  static final List<String> KEYWORDS = List.of("key", "secret", "token", "passw", "pwd", "credential");

  /** Group 1 is the value. Key names are matched from the credential word on, e.g. "client_secret". */
  static final String ASSIGNMENT =
      "(?i)(?:(?:api|access|auth|private|signing|encryption|master)[_.-]?key|secret|token|passw(?:or)?d|pwd|credentials?)"
          + "[A-Za-z0-9_.-]{0,30}[\"']?[ \\t]{0,3}(?::=|=>|:|=)[ \\t]{0,3}[\"']?"
          + "([^\\s\"'&,;<>{}\\[\\]\\\\]{16,})";

  static final String BEARER = "(?i)\\bbearer[ \\t]+([A-Za-z0-9._~+/-]{16,}=*)";

  static final int MIN_LENGTH = 16;
  static final int MAX_LENGTH = 512;
  static final double MIN_ENTROPY = 3.5;

  private static final List<String> PLACEHOLDERS =
      List.of("xxxx", "****", "....", "your_", "your-", "yourapi", "yourkey", "yoursecret", "_here", "-here",
          "placeholder", "changeme", "change_me", "redacted", "example", "dummy", "sample", "insert_", "replace_",
          "${", "{{", "<", ">");

  private static final java.util.regex.Pattern WORDS =
      java.util.regex.Pattern.compile("[a-z]+(?:[_.-][a-z]+)*(?:[_.-]?[0-9]{1,4})?");

  private GenericSecretValue() {}

  static boolean isLikelySecret(String value) {
    if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
      return false;
    }
    char first = value.charAt(0);
    if (first == '$' || first == '%' || first == '/' || value.contains("://")) {
      // References to a variable, a template or a path, not the credential itself.
      return false;
    }
    if (!Chars.hasDigit(value) || !Chars.hasLetter(value)) {
      return false;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    for (String placeholder : PLACEHOLDERS) {
      if (lower.contains(placeholder)) {
        return false;
      }
    }
    if (WORDS.matcher(value).matches()) {
      return false;
    }
    return Chars.entropy(value) >= MIN_ENTROPY;
  }
}
