package dev.airlock.proxy.detect;

import java.util.List;

/**
 * The operator rules loaded from gitleaks rule files.
 *
 * @param rules the rules that run on request text, in file order
 * @param skipped one line per rule that cannot apply to request text ("FILE: rule "ID": why"),
 *     for a startup warning
 */
public record GitleaksRules(List<GitleaksRule> rules, List<String> skipped) {
  public GitleaksRules {
    rules = List.copyOf(rules);
    skipped = List.copyOf(skipped);
  }

  public static GitleaksRules none() {
    return new GitleaksRules(List.of(), List.of());
  }
}
