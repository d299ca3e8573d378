package dev.airlock.proxy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Configured INTERNAL markers such as "CONFIDENTIAL", case-insensitive, as whole words: a marker
 * that starts or ends with a letter or digit must not continue into a longer word
 * ("confidentiality" is not a marker hit). ASCII markers are found by the keyword automaton
 * directly; only markers in other scripts need a regex sweep.
 */
final class MarkerDetector implements TextDetector {
  static final String ID = "INTERNAL.marker";

  private final List<String> keywords;
  private final List<String> ascii;
  private final KeywordMatcher asciiMarkers;
  private final Pattern otherMarkers;

  MarkerDetector(List<String> markers) {
    this.ascii = markers.stream().filter(KeywordMatcher::isAscii).map(m -> m.toLowerCase(Locale.ROOT)).toList();
    List<String> other = markers.stream().filter(m -> !KeywordMatcher.isAscii(m)).toList();
    this.asciiMarkers = ascii.isEmpty() ? null : new KeywordMatcher(ascii);
    this.otherMarkers = other.isEmpty() ? null
        : Pattern.compile("(?i)(?:" + other.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")");
    // A marker outside ASCII cannot be prefiltered; then this detector runs on every text.
    this.keywords = other.isEmpty() ? ascii : List.of();
  }

  @Override
  public List<String> keywords() {
    return keywords;
  }

  @Override
  public String detectorId() {
    return ID;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    if (asciiMarkers != null) {
      asciiMarkers.forEach(text, (k, end) -> add(text, end - ascii.get(k).length(), end, out));
    }
    if (otherMarkers != null) {
      Matcher m = otherMarkers.matcher(text);
      while (m.find()) {
        add(text, m.start(), m.end(), out);
      }
    }
  }

  private static void add(String text, int start, int end, List<Finding> out) {
    boolean cutsWordBefore = Chars.isWordChar(text.charAt(start)) && Chars.isWordChar(Chars.at(text, start - 1));
    boolean cutsWordAfter = Chars.isWordChar(text.charAt(end - 1)) && Chars.isWordChar(Chars.at(text, end));
    if (!cutsWordBefore && !cutsWordAfter) {
      out.add(new Finding(DataClass.INTERNAL, ID, start, end));
    }
  }
}
