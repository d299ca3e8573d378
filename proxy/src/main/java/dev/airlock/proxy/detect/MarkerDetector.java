package dev.airlock.proxy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Configured INTERNAL markers such as "CONFIDENTIAL", case-insensitive, as whole words: a marker
 * that starts or ends with a letter or digit must not continue into a longer word
 * ("confidentiality" is not a marker hit).
 */
final class MarkerDetector implements TextDetector {
  static final String ID = "INTERNAL.marker";

  private final List<String> keywords;
  private final Pattern pattern;

  MarkerDetector(List<String> markers) {
    this.pattern = Pattern.compile(
        "(?i)(?:" + markers.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")");
    List<String> lower = markers.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList();
    // A marker outside ASCII cannot be prefiltered; then the pattern runs on every text.
    this.keywords = lower.stream().allMatch(KeywordMatcher::isAscii) ? lower : List.of();
  }

  @Override
  public List<String> keywords() {
    return keywords;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      int start = m.start();
      int end = m.end();
      boolean cutsWordBefore = Chars.isWordChar(text.charAt(start)) && Chars.isWordChar(Chars.at(text, start - 1));
      boolean cutsWordAfter = Chars.isWordChar(text.charAt(end - 1)) && Chars.isWordChar(Chars.at(text, end));
      if (!cutsWordBefore && !cutsWordAfter) {
        out.add(new Finding(DataClass.INTERNAL, ID, start, end));
      }
    }
  }
}
