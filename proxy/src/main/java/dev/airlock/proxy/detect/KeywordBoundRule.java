package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.nio.CharBuffer;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A SECRETS rule for formats with no prefix of their own (32 hex chars, 40 random chars): the value
 * only counts as the vendor's credential when it is assigned to a name holding the vendor's
 * keyword ({@code DD_API_KEY=…}, {@code "cloudflare_token": "…"}). The value pattern runs on a
 * short window after each keyword occurrence, never over the whole text.
 *
 * @param name detector name; the finding id is {@code SECRETS.name}
 * @param keywords lower-case keywords, matched ignoring ASCII case
 * @param value the credential's own format
 * @param minValue fewest chars the value has; shorter runs are skipped without running the pattern
 * @param valueChar chars that may not follow the value (it would be a fragment of something longer)
 * @param accept final check on the value
 * @param issuerHosts hosts of the credential's issuer
 */
record KeywordBoundRule(
    String name,
    List<String> keywords,
    String value,
    int minValue,
    IntPredicate valueChar,
    Predicate<String> accept,
    List<String> issuerHosts,
    Pattern assignment,
    KeywordMatcher matcher)
    implements TextDetector {
  /** The rest of the name, an assignment operator and an opening quote, then the value. */
  private static final String ASSIGNMENT = "[A-Za-z0-9_.-]{0,30}[\"']?[ \\t]{0,3}(?::=|=>|=|:|,)[ \\t]{0,3}[\"'`]?(";
  private static final int WINDOW = 30 + 1 + 3 + 2 + 3 + 1;
  private static final int MAX_VALUE = 128;

  KeywordBoundRule(String name, List<String> keywords, String value, int minValue, IntPredicate valueChar,
      Predicate<String> accept, List<String> issuerHosts) {
    this(name, keywords, value, minValue, valueChar, accept, issuerHosts, Pattern.compile(ASSIGNMENT + value + ")"),
        new KeywordMatcher(keywords));
  }

  KeywordBoundRule {
    requireNonNull(name, "name");
    keywords = List.copyOf(keywords);
    requireNonNull(valueChar, "valueChar");
    requireNonNull(accept, "accept");
    issuerHosts = List.copyOf(issuerHosts);
  }

  @Override
  public String detectorId() {
    return DataClass.SECRETS.name() + "." + name;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    matcher.forEach(text, (keyword, end) -> {
      if (!mayHoldValue(text, end)) {
        return;
      }
      Matcher m = assignment.matcher(CharBuffer.wrap(text, end, Math.min(text.length(), end + WINDOW + MAX_VALUE)));
      if (!m.lookingAt()) {
        return;
      }
      int start = end + m.start(1);
      int valueEnd = end + m.end(1);
      if (!valueChar.test(Chars.at(text, valueEnd)) && accept.test(text.substring(start, valueEnd))) {
        out.add(new Finding(DataClass.SECRETS, detectorId(), start, valueEnd));
      }
    });
  }

  /**
   * A hand-made pass over the same shape as {@link #ASSIGNMENT}: most keyword occurrences are prose
   * or names without a long enough value after them, and the regex costs far more than this.
   */
  private boolean mayHoldValue(String text, int end) {
    int i = end;
    int limit = Math.min(text.length(), end + 30);
    while (i < limit && (Chars.isAsciiAlnum(text.charAt(i)) || "_.-".indexOf(text.charAt(i)) >= 0)) {
      i++;
    }
    i = skip(text, i, "\"'", 1);
    i = skip(text, i, " \t", 3);
    if (":=,".indexOf(Chars.at(text, i)) < 0 || Chars.at(text, i) == '\0') {
      return false;
    }
    i = skip(text, i, ":=>", 2);
    i = skip(text, i, " \t", 3);
    i = skip(text, i, "\"'`", 1);
    int run = i;
    while (run < text.length() && run - i < minValue && (valueChar.test(text.charAt(run)) || text.charAt(run) == '.')) {
      run++;
    }
    return run - i >= minValue;
  }

  private static int skip(String text, int i, String chars, int most) {
    int limit = i + most;
    while (i < limit && i < text.length() && chars.indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }
}
