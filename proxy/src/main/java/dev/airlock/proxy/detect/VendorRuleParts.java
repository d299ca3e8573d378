package dev.airlock.proxy.detect;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The building blocks the vendor rule lists share: the char classes tokens are made of, the three
 * rule shapes (a literal prefix, a literal inside the token, a value bound to a vendor keyword)
 * and the checks on a value that keep placeholders and words out.
 */
final class VendorRuleParts {
  static final IntPredicate ALNUM = c -> c < 128 && Chars.isAsciiAlnum((char) c);
  static final IntPredicate TOKEN = c -> ALNUM.test(c) || c == '_' || c == '-';
  static final IntPredicate DIGIT = c -> c >= '0' && c <= '9';
  static final IntPredicate HEX = c -> c < 128 && Chars.isHexDigit((char) c);
  /** Base64 tokens: no '=' since an assignment's '=' may precede them and padding ends them. */
  static final IntPredicate BASE64_OR_TOKEN = c -> TOKEN.test(c) || c == '+' || c == '/';
  static final IntPredicate TOKEN_OR_PAD = c -> TOKEN.test(c) || c == '=';
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  static final int MAX_TOKEN = 640;

  private VendorRuleParts() {}

  /** A format with a literal prefix: the pattern only runs where one of the anchors occurs. */
  static RegexRule prefixed(String name, int maxLength, List<String> issuerHosts, List<String> anchors, String regex,
      IntPredicate tokenChar, Predicate<String> accept) {
    List<String> keywords = anchors.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().toList();
    return new RegexRule(DataClass.SECRETS, name, keywords, anchors, maxLength, Pattern.compile(regex), 0,
        tokenChar, accept, issuerHosts);
  }

  /**
   * A credential inside a longer literal (a URL, a cookie): the anchors start the whole match,
   * group 1 is the credential reported; the rule only runs where one of the keywords occurs.
   */
  static RegexRule embedded(String name, List<String> issuerHosts, List<String> keywords, List<String> anchors,
      String regex, IntPredicate tokenChar, Predicate<String> accept) {
    return new RegexRule(DataClass.SECRETS, name, keywords, anchors, MAX_TOKEN, Pattern.compile(regex), 1, tokenChar,
        accept, issuerHosts);
  }

  /** A bare value that only counts when assigned to a name holding one of the vendor's keywords. */
  static KeywordBoundRule keywordBound(String name, List<String> issuerHosts, List<String> keywords, String value,
      int minValue, IntPredicate valueChar, Predicate<String> accept) {
    return new KeywordBoundRule(name, keywords, value, minValue, valueChar, accept, issuerHosts);
  }

  static List<String> hosts(String... hosts) {
    return List.of(hosts);
  }

  static Predicate<String> minEntropy(double bits) {
    return value -> Chars.entropy(value) >= bits;
  }

  /**
   * A length range checked on the value: for long tokens a counted repeat ({100,600}) would make the
   * compiled pattern, and every run of it at an anchor, hundreds of times larger.
   */
  static Predicate<String> length(int min, int max) {
    return value -> value.length() >= min && value.length() <= max;
  }

  /** A random mixed value: words and runs of one char lack a digit or the entropy. */
  static Predicate<String> random(double bits) {
    return minEntropy(bits).and(Chars::hasDigit);
  }

  /** A random hex value: a run of digits alone is a number, not a key. */
  static Predicate<String> randomHex() {
    return minEntropy(3.0).and(Chars::hasDigit).and(Chars::hasLetter);
  }

  static boolean hasLower(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 'a' && c <= 'z') {
        return true;
      }
    }
    return false;
  }
}
