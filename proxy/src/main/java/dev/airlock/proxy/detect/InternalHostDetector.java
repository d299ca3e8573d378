package dev.airlock.proxy.detect;

import java.util.List;
import java.util.Locale;

/**
 * Host names under a configured internal suffix, e.g. {@code git.corp.example.com} for
 * ".corp.example.com" (a suffix without the leading dot also matches the bare domain). The
 * whole host token is the span; a name that merely continues past the suffix
 * ({@code git.corp.example.com.evil.org}) is somebody else's host. Suffix occurrences come from
 * the keyword automaton; the host around each is read by hand.
 */
final class InternalHostDetector implements TextDetector {
  static final String ID = "INTERNAL.host";

  private final List<String> suffixes;
  private final KeywordMatcher matcher;

  InternalHostDetector(List<String> suffixes) {
    this.suffixes = suffixes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    this.matcher = new KeywordMatcher(this.suffixes);
  }

  @Override
  public List<String> keywords() {
    return suffixes;
  }

  @Override
  public String detectorId() {
    return ID;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    matcher.forEach(text, (k, end) -> {
      String suffix = suffixes.get(k);
      int suffixStart = end - suffix.length();
      char after = Chars.at(text, end);
      if (isLabelChar(after) || (after == '.' && Chars.isAsciiAlnum(Chars.at(text, end + 1)))) {
        return;
      }
      int start = suffixStart;
      while (start > 0 && (isLabelChar(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
        start--;
      }
      while (start < suffixStart && !Chars.isAsciiAlnum(text.charAt(start))) {
        start++;
      }
      boolean needsLabel = suffix.startsWith(".");
      boolean bareDomainCut = !needsLabel && start < suffixStart && text.charAt(suffixStart - 1) != '.';
      if ((needsLabel && start == suffixStart) || bareDomainCut) {
        return;
      }
      out.add(new Finding(DataClass.INTERNAL, ID, start, end));
    });
  }

  private static boolean isLabelChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '-' || c == '_';
  }
}
