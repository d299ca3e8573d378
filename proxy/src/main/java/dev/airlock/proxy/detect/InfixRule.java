package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.nio.CharBuffer;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A SECRETS rule for formats whose fixed literal sits inside the token rather than at its start
 * (a bot id before {@code :A}, four chars before {@code Q~}): the pattern runs only on a small
 * window around each occurrence of that literal, never over the whole text.
 *
 * @param name detector name; the finding id is {@code SECRETS.name}
 * @param keywords lower-case keywords gating the rule
 * @param infix case-sensitive literal every match contains
 * @param before most chars a match holds before the infix
 * @param after most chars a match holds from the infix on
 * @param pattern the whole token
 * @param justBefore what the char right before the infix must be
 * @param minAfter fewest chars of {@code rightChar} right after the infix; occurrences with fewer
 *     are skipped without running the pattern
 * @param leftChar chars that may not precede a match (it would be a fragment of something longer)
 * @param rightChar chars that may not follow a match
 * @param accept final check on the value
 * @param issuerHosts hosts of the credential's issuer
 */
record InfixRule(
    String name,
    List<String> keywords,
    String infix,
    int before,
    int after,
    Pattern pattern,
    IntPredicate justBefore,
    int minAfter,
    IntPredicate leftChar,
    IntPredicate rightChar,
    Predicate<String> accept,
    List<String> issuerHosts)
    implements TextDetector {

  InfixRule {
    requireNonNull(name, "name");
    keywords = List.copyOf(keywords);
    if (infix.isEmpty()) {
      throw new IllegalArgumentException("infix: \"\" (expected: a literal)");
    }
    requireNonNull(pattern, "pattern");
    requireNonNull(justBefore, "justBefore");
    requireNonNull(leftChar, "leftChar");
    requireNonNull(rightChar, "rightChar");
    requireNonNull(accept, "accept");
    issuerHosts = List.copyOf(issuerHosts);
  }

  @Override
  public String detectorId() {
    return DataClass.SECRETS.name() + "." + name;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    int from = 0;
    for (int p = text.indexOf(infix); p >= 0; p = text.indexOf(infix, from)) {
      from = p + 1;
      if (!justBefore.test(Chars.at(text, p - 1)) || !runsAtLeast(text, p + infix.length(), minAfter)) {
        continue;
      }
      int windowStart = Math.max(0, p - before);
      Matcher m = pattern.matcher(CharBuffer.wrap(text, windowStart, Math.min(text.length(), p + after)));
      if (!m.find()) {
        continue;
      }
      int start = windowStart + m.start();
      int end = windowStart + m.end();
      if (start > p || end <= p || leftChar.test(Chars.at(text, start - 1)) || rightChar.test(Chars.at(text, end))
          || !accept.test(text.substring(start, end))) {
        continue;
      }
      out.add(new Finding(DataClass.SECRETS, detectorId(), start, end));
      from = end;
    }
  }

  private boolean runsAtLeast(String text, int from, int count) {
    if (from + count > text.length()) {
      return false;
    }
    for (int i = from; i < from + count; i++) {
      if (!rightChar.test(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
