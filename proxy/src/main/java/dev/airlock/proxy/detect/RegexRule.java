package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A keyword-gated regex rule in the style of gitleaks: a precompiled RE2/J pattern, the capturing
 * group that is the secret, the characters a token is made of (a match touching one of them on
 * either side is a fragment of something longer and is dropped), and a final check on the value.
 *
 * @param dataClass class of the findings
 * @param name detector name; the finding id is {@code CLASS.name}
 * @param keywords lower-case keywords gating the rule
 * @param pattern compiled once
 * @param group capturing group reported as the span (0 = whole match)
 * @param tokenChar characters that may not touch the whole match on either side
 * @param accept final check on the reported value (entropy, placeholders, structure)
 */
record RegexRule(
    DataClass dataClass,
    String name,
    List<String> keywords,
    Pattern pattern,
    int group,
    IntPredicate tokenChar,
    Predicate<String> accept)
    implements TextDetector {

  RegexRule {
    requireNonNull(dataClass, "dataClass");
    requireNonNull(name, "name");
    keywords = List.copyOf(keywords);
    requireNonNull(pattern, "pattern");
    requireNonNull(tokenChar, "tokenChar");
    requireNonNull(accept, "accept");
    if (group < 0 || group > pattern.groupCount()) {
      throw new IllegalArgumentException(
          "group: " + group + " (expected: 0.." + pattern.groupCount() + ")");
    }
  }

  String detectorId() {
    return dataClass.name() + "." + name;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    String id = detectorId();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (tokenChar.test(Chars.at(text, m.start() - 1)) || tokenChar.test(Chars.at(text, m.end()))) {
        continue;
      }
      int start = m.start(group);
      int end = m.end(group);
      if (start < 0 || start == end) {
        continue;
      }
      if (accept.test(text.substring(start, end))) {
        out.add(new Finding(dataClass, id, start, end));
      }
    }
  }
}
