package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;

/**
 * One gitleaks allow-list, reduced to the checks that apply to request text: regexes (on the secret,
 * the whole match or its line) and stopwords (contained in the secret, ignoring case). Commit and
 * path checks need a repository file and are dropped by the parser. Immutable.
 */
final class GitleaksAllowlist {
  /** What the regexes are tried on ({@code regexTarget}). */
  enum Target {
    SECRET,
    MATCH,
    LINE
  }

  private final boolean all;
  private final Target target;
  /** The regexes as one alternation, or null when there are none. */
  private final Pattern regexes;
  /** Lower-case. */
  private final List<String> stopwords;

  /**
   * @param all true for {@code condition = "AND"}: every kind of check present must hold; false
   *     for "OR": any one suffices
   * @param regexes compiled one by one already (so the message named the bad one)
   */
  GitleaksAllowlist(boolean all, Target target, List<Pattern> regexes, List<String> stopwords) {
    this.all = all;
    this.target = requireNonNull(target, "target");
    this.regexes = regexes.isEmpty() ? null : alternation(regexes);
    this.stopwords = stopwords.stream().map(w -> w.toLowerCase(Locale.ROOT)).distinct().toList();
    if (this.regexes == null && this.stopwords.isEmpty()) {
      throw new IllegalArgumentException("an allow-list needs regexes or stopwords");
    }
  }

  /**
   * Each pattern in its own group, so an inline flag such as {@code (?i)} stays within the regex
   * that wrote it.
   */
  private static Pattern alternation(List<Pattern> patterns) {
    StringBuilder sb = new StringBuilder();
    for (Pattern p : patterns) {
      sb.append(sb.isEmpty() ? "" : "|").append("(?:").append(p.pattern()).append(')');
    }
    return Pattern.compile(sb.toString());
  }

  boolean needsLine() {
    return regexes != null && target == Target.LINE;
  }

  /**
   * Whether this allow-list lets the finding pass.
   *
   * @param line the text of the line(s) holding the match; only read when {@link #needsLine()}
   */
  boolean allows(String secret, String match, CharSequence line) {
    boolean regexAllowed = regexes != null && regexFinds(switch (target) {
      case SECRET -> secret;
      case MATCH -> match;
      case LINE -> line;
    });
    boolean stopwordAllowed = !stopwords.isEmpty() && containsStopword(secret);
    if (all) {
      return (regexes == null || regexAllowed) && (stopwords.isEmpty() || stopwordAllowed);
    }
    return regexAllowed || stopwordAllowed;
  }

  /** As gitleaks: the leftmost match counts, and only when it is not empty. */
  private boolean regexFinds(CharSequence target) {
    com.google.re2j.Matcher m = regexes.matcher(target);
    return m.find() && m.end() > m.start();
  }

  private boolean containsStopword(String secret) {
    String lower = secret.toLowerCase(Locale.ROOT);
    for (String word : stopwords) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
