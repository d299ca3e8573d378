package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * An operator-defined INTERNAL detector. Findings carry the id {@code "INTERNAL.<id>"}. When the
 * pattern has a capturing group, group 1 is the span to report; otherwise the whole match is.
 *
 * @param id lower-case identifier, e.g. "project_codename"
 * @param pattern RE2 syntax (linear time, so operators cannot write a pattern that backtracks)
 */
public record CustomPattern(String id, String pattern) {
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z0-9_]{1,64}");

  public CustomPattern {
    requireNonNull(id, "id");
    requireNonNull(pattern, "pattern");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id: \"" + id + "\" (expected: [a-z0-9_]{1,64})");
    }
    compile(id, pattern);
  }

  /** Compiles the pattern; done once per {@link Detectors}, never per scan. */
  Pattern compiled() {
    return compile(id, pattern);
  }

  private static Pattern compile(String id, String pattern) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("customPatterns[" + id + "].pattern: \"\" (expected: non-empty)");
    }
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "customPatterns[" + id + "].pattern: " + e.getDescription() + " (expected: RE2 syntax)", e);
    }
  }
}
