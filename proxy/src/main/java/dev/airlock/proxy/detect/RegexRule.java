package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.nio.CharBuffer;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A keyword-gated regex rule in the style of gitleaks: a precompiled RE2/J pattern, the capturing
 * group that is the secret, the characters a token is made of (a match touching one of them on
 * either side is a fragment of something longer and is dropped), and a final check on the value.
 *
 * <p>With anchors (literal prefixes every match starts with) the pattern is only tried at anchor
 * occurrences found by {@code indexOf}, on a window of at most {@code maxLength} chars: RE2/J
 * scans a few MB/s, far too slow to sweep every body with every rule. Without anchors the pattern
 * is searched over the whole text (operator-defined patterns).
 *
 * @param dataClass class of the findings
 * @param name detector name; the finding id is {@code CLASS.name}
 * @param keywords lower-case keywords gating the rule
 * @param anchors case-sensitive literal prefixes of every match; empty to search everywhere
 * @param maxLength longest possible match when anchored
 * @param pattern compiled once
 * @param group capturing group reported as the span (0 = whole match)
 * @param tokenChar characters that may not touch the whole match on either side
 * @param accept final check on the reported value (entropy, placeholders, structure)
 * @param issuerHosts hosts of the credential's issuer (a suffix matches its subdomains); empty when
 *     the format has no single issuer
 */
record RegexRule(
    DataClass dataClass,
    String name,
    List<String> keywords,
    List<String> anchors,
    int maxLength,
    Pattern pattern,
    int group,
    IntPredicate tokenChar,
    Predicate<String> accept,
    List<String> issuerHosts)
    implements TextDetector {

  RegexRule {
    requireNonNull(dataClass, "dataClass");
    requireNonNull(name, "name");
    keywords = List.copyOf(keywords);
    anchors = List.copyOf(anchors);
    requireNonNull(pattern, "pattern");
    requireNonNull(tokenChar, "tokenChar");
    requireNonNull(accept, "accept");
    issuerHosts = List.copyOf(issuerHosts);
    if (group < 0 || group > pattern.groupCount()) {
      throw new IllegalArgumentException("group: " + group + " (expected: 0.." + pattern.groupCount() + ")");
    }
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength: " + maxLength + " (expected: >= 1)");
    }
  }

  @Override
  public String detectorId() {
    return dataClass.name() + "." + name;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    if (anchors.isEmpty()) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        report(text, m, 0, out);
      }
      return;
    }
    for (String anchor : anchors) {
      int from = 0;
      for (int p = text.indexOf(anchor); p >= 0; p = text.indexOf(anchor, from)) {
        from = p + 1;
        // A token cannot start inside another token: skip without running the regex.
        if (tokenChar.test(Chars.at(text, p - 1))) {
          continue;
        }
        Matcher m = pattern.matcher(CharBuffer.wrap(text, p, Math.min(text.length(), p + maxLength)));
        if (m.lookingAt() && report(text, m, p, out)) {
          from = p + m.end();
        }
      }
    }
  }

  private boolean report(String text, Matcher m, int offset, List<Finding> out) {
    int matchStart = offset + m.start();
    int matchEnd = offset + m.end();
    if (tokenChar.test(Chars.at(text, matchStart - 1)) || tokenChar.test(Chars.at(text, matchEnd))) {
      return false;
    }
    int start = offset + m.start(group);
    int end = offset + m.end(group);
    if (m.start(group) < 0 || start == end || !accept.test(text.substring(start, end))) {
      return false;
    }
    out.add(new Finding(dataClass, detectorId(), start, end));
    return true;
  }
}
