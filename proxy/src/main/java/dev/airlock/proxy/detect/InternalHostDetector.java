package dev.airlock.proxy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Host names under a configured internal suffix, e.g. {@code git.corp.example.com} for
 * ".corp.example.com". The whole host token is the span; a name that merely continues past the
 * suffix ({@code git.corp.example.com.evil.org}) is somebody else's host.
 */
final class InternalHostDetector implements TextDetector {
  static final String ID = "INTERNAL.host";
  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";

  private final List<String> keywords;
  private final Pattern pattern;

  InternalHostDetector(List<String> suffixes) {
    this.keywords = suffixes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    this.pattern = Pattern.compile("(?i)(?:" + suffixes.stream().map(InternalHostDetector::hostRegex)
        .collect(Collectors.joining("|")) + ")");
  }

  private static String hostRegex(String suffix) {
    boolean subdomainsOnly = suffix.startsWith(".");
    String domain = subdomainsOnly ? suffix.substring(1) : suffix;
    return "(?:" + LABEL + "\\.)" + (subdomainsOnly ? "+" : "*") + Pattern.quote(domain);
  }

  @Override
  public List<String> keywords() {
    return keywords;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      char before = Chars.at(text, m.start() - 1);
      char after = Chars.at(text, m.end());
      if (isHostChar(before) || before == '.' || isHostChar(after)
          || (after == '.' && Chars.isAsciiAlnum(Chars.at(text, m.end() + 1)))) {
        continue;
      }
      out.add(new Finding(DataClass.INTERNAL, ID, m.start(), m.end()));
    }
  }

  private static boolean isHostChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '-' || c == '_';
  }
}
