package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * One operator rule read from a gitleaks rule file, compiled and checked; findings carry the id
 * {@code SECRETS.<id>}. Built by {@link GitleaksRuleFiles}; immutable.
 */
public final class GitleaksRule {
  private final String id;
  private final String description;
  private final Pattern regex;
  private final int secretGroup;
  private final double entropy;
  private final List<String> keywords;
  private final List<String> tags;
  private final List<GitleaksAllowlist> allowlists;

  /**
   * @param secretGroup the capturing group that is the secret; 0 = the first group that matched
   *     something, or the whole match when none did
   * @param entropy a match is kept only when its secret's Shannon entropy exceeds this; 0 = no check
   * @param keywords lower-case ASCII; the rule runs only on text holding one of them (none: always)
   * @param allowlists the file's global allow-lists that apply to this rule, then its own
   */
  GitleaksRule(String id, String description, Pattern regex, int secretGroup, double entropy, List<String> keywords,
      List<String> tags, List<GitleaksAllowlist> allowlists) {
    this.id = requireNonNull(id, "id");
    this.description = requireNonNull(description, "description");
    this.regex = requireNonNull(regex, "regex");
    this.secretGroup = secretGroup;
    this.entropy = entropy;
    this.keywords = List.copyOf(keywords);
    this.tags = List.copyOf(tags);
    this.allowlists = List.copyOf(allowlists);
    if (secretGroup < 0 || secretGroup > regex.groupCount()) {
      throw new IllegalArgumentException(
          "secretGroup: " + secretGroup + " (expected: 0.." + regex.groupCount() + ", the regex's groups)");
    }
  }

  /** The rule's own id, as written in its file. */
  public String id() {
    return id;
  }

  /** The id its findings carry: {@code SECRETS.<id>}. */
  public String detectorId() {
    return DataClass.SECRETS.name() + "." + id;
  }

  public String description() {
    return description;
  }

  public List<String> keywords() {
    return keywords;
  }

  public List<String> tags() {
    return tags;
  }

  Pattern regex() {
    return regex;
  }

  int secretGroup() {
    return secretGroup;
  }

  double entropy() {
    return entropy;
  }

  List<GitleaksAllowlist> allowlists() {
    return allowlists;
  }

  /** The rule with {@code more} allow-lists checked before its own (a file's global ones). */
  GitleaksRule withAllowlistsFirst(List<GitleaksAllowlist> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<GitleaksAllowlist> all = new java.util.ArrayList<>(more);
    all.addAll(allowlists);
    return new GitleaksRule(id, description, regex, secretGroup, entropy, keywords, tags, all);
  }

  @Override
  public String toString() {
    return "GitleaksRule[" + id + "]";
  }
}
