package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link GitleaksRule} the way gitleaks does on a file's content: every match of the
 * regex (newlines trimmed off its ends), its secret taken from the rule's secret group, kept only
 * when the secret's entropy exceeds the rule's threshold and no allow-list lets it pass. The finding
 * spans the secret, the part to redact.
 *
 * <p>Unlike gitleaks, a {@code gitleaks:allow} comment in the text does not silence a finding: the
 * text scanned here is written by the agent whose requests are being checked.
 */
final class GitleaksDetector implements TextDetector {
  private final GitleaksRule rule;
  private final String detectorId;
  private final boolean needsLine;

  GitleaksDetector(GitleaksRule rule) {
    this.rule = requireNonNull(rule, "rule");
    this.detectorId = rule.detectorId();
    this.needsLine = rule.allowlists().stream().anyMatch(GitleaksAllowlist::needsLine);
  }

  @Override
  public List<String> keywords() {
    return rule.keywords();
  }

  @Override
  public String detectorId() {
    return detectorId;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    Matcher m = rule.regex().matcher(text);
    while (m.find()) {
      int start = m.start();
      int end = m.end();
      while (start < end && text.charAt(start) == '\n') {
        start++;
      }
      while (end > start && text.charAt(end - 1) == '\n') {
        end--;
      }
      if (start == end) {
        continue;
      }
      int[] secret = secretSpan(m, start, end);
      if (secret == null) {
        continue;
      }
      String value = text.substring(secret[0], secret[1]);
      if (rule.entropy() != 0 && shannonEntropy(value) <= rule.entropy()) {
        continue;
      }
      if (allowed(text, value, start, end)) {
        continue;
      }
      out.add(new Finding(DataClass.SECRETS, detectorId, secret[0], secret[1]));
    }
  }

  /**
   * The secret within the trimmed match [start, end): the rule's secret group; without one, the
   * first group that captured something, else the whole match. Null when the secret is empty (an
   * optional secret group that did not take part): nothing to redact.
   */
  private int[] secretSpan(Matcher m, int start, int end) {
    int groups = rule.regex().groupCount();
    if (groups == 0) {
      return new int[] {start, end};
    }
    if (rule.secretGroup() > 0) {
      return clamp(m.start(rule.secretGroup()), m.end(rule.secretGroup()), start, end);
    }
    for (int g = 1; g <= groups; g++) {
      if (m.start(g) >= 0 && m.end(g) > m.start(g)) {
        return clamp(m.start(g), m.end(g), start, end);
      }
    }
    return new int[] {start, end};
  }

  private static int[] clamp(int groupStart, int groupEnd, int start, int end) {
    if (groupStart < 0) {
      return null;
    }
    int s = Math.max(groupStart, start);
    int e = Math.min(groupEnd, end);
    return s < e ? new int[] {s, e} : null;
  }

  private boolean allowed(String text, String secret, int start, int end) {
    if (rule.allowlists().isEmpty()) {
      return false;
    }
    String match = text.substring(start, end);
    CharSequence line = needsLine ? line(text, start, end) : "";
    for (GitleaksAllowlist allowlist : rule.allowlists()) {
      if (allowlist.allows(secret, match, line)) {
        return true;
      }
    }
    return false;
  }

  /** The line, or lines, holding [start, end); a view, since a JSON body is often one long line. */
  private static CharSequence line(String text, int start, int end) {
    int from = text.lastIndexOf('\n', start - 1) + 1;
    int to = text.indexOf('\n', end);
    return CharBuffer.wrap(text, from, to < 0 ? text.length() : to);
  }

  /**
   * Shannon entropy as gitleaks computes it: symbol frequencies over code points, divided by the
   * UTF-8 length, so a threshold copied from a gitleaks file keeps its meaning for non-ASCII text.
   */
  static double shannonEntropy(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    Map<Integer, Integer> counts = new HashMap<>();
    s.codePoints().forEach(cp -> counts.merge(cp, 1, Integer::sum));
    double length = s.getBytes(StandardCharsets.UTF_8).length;
    double bits = 0;
    for (int count : counts.values()) {
      double p = count / length;
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }
}
