package dev.airlock.proxy.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.normalize.ForcePush;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What must be true of a matched request for its rule to apply; every given field must hold.
 * Boolean fields are null when not given.
 *
 * <p>The git fields (forcePush, refDeleted, refMatches) hold when at least one ref update of the
 * push satisfies all of them together, so "force push to main" is not met by a force push to a
 * feature branch plus a fast-forward of main.
 *
 * @param bodyContainsAny case-insensitive substrings, at least one present
 * @param bodyContainsAll case-insensitive substrings, all present
 * @param bodyMatches RE2 regular expressions, at least one finds a match in the body
 * @param dataClassAny data classes (PII, SECRETS, INTERNAL) or detector ids (SECRETS.aws_access_key)
 * @param externalPrincipal required value of the external-principal fact, or null
 * @param forcePush accepted force-push states of a ref update (empty: not constrained)
 * @param refDeleted required deletion state of a ref update, or null
 * @param refMatches ref name globs, e.g. refs/heads/release/*
 * @param newDestination required value of "first write of this agent to this tool/host", or null
 * @param riskAtLeast the effective risk must be at least this (0..1), or null
 * @param trustBelow the agent's trust must be below this (0..1), or null
 * @param threatIntel required value of "a threat-intel feed lists the destination", or null
 * @param timeWindow the request's time must fall in this window, or null
 * @param readThenWrite required value of "carries a sensitive value the agent read recently", or null
 */
public record RuleCondition(
    List<String> bodyContainsAny,
    List<String> bodyContainsAll,
    List<String> bodyMatches,
    List<String> dataClassAny,
    Boolean externalPrincipal,
    Set<ForcePush> forcePush,
    Boolean refDeleted,
    List<String> refMatches,
    Boolean newDestination,
    Double riskAtLeast,
    Double trustBelow,
    Boolean threatIntel,
    TimeWindow timeWindow,
    Boolean readThenWrite) {

  /** No condition: every matched request qualifies. */
  public static final RuleCondition NONE =
      new RuleCondition(List.of(), List.of(), List.of(), List.of(), null, Set.of(), null, List.of());

  /** A condition on the request's own facts only. */
  public RuleCondition(List<String> bodyContainsAny, List<String> bodyContainsAll, List<String> bodyMatches,
      List<String> dataClassAny, Boolean externalPrincipal, Set<ForcePush> forcePush, Boolean refDeleted,
      List<String> refMatches) {
    this(bodyContainsAny, bodyContainsAll, bodyMatches, dataClassAny, externalPrincipal, forcePush, refDeleted,
        refMatches, null, null, null, null, null, null);
  }

  private static final java.util.regex.Pattern DETECTOR_ID =
      java.util.regex.Pattern.compile("^(PII|SECRETS|INTERNAL)\\.[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$");

  public RuleCondition {
    bodyContainsAny = RuleMatch.values(bodyContainsAny, "body_contains_any");
    bodyContainsAll = RuleMatch.values(bodyContainsAll, "body_contains_all");
    bodyMatches = RuleMatch.values(bodyMatches, "body_matches");
    dataClassAny = canonicalDataClasses(RuleMatch.values(dataClassAny, "data_class_any"));
    forcePush = forcePush == null ? Set.of() : Set.copyOf(forcePush);
    refMatches = RuleMatch.values(refMatches, "ref_matches");
    for (int i = 0; i < bodyMatches.size(); i++) {
      checkRegex(bodyMatches.get(i), "body_matches[" + i + "]");
    }
    checkUnit(riskAtLeast, "risk_at_least");
    checkUnit(trustBelow, "trust_below");
  }

  private static void checkUnit(Double value, String at) {
    if (value != null && !(value >= 0.0 && value <= 1.0)) {
      throw PolicyException.at(at, value + " (expected: a number from 0 to 1)");
    }
  }

  /** True when a git push fact is needed for this condition to hold. */
  public boolean hasGitConditions() {
    return !forcePush.isEmpty() || refDeleted != null || !refMatches.isEmpty();
  }

  /** The data classes named by dataClassAny, including the classes of named detectors. */
  public Set<DataClass> namedClasses() {
    Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
    for (String entry : dataClassAny) {
      int dot = entry.indexOf('.');
      classes.add(DataClass.valueOf(dot < 0 ? entry : entry.substring(0, dot)));
    }
    return Set.copyOf(classes);
  }

  private static List<String> canonicalDataClasses(List<String> entries) {
    List<String> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      int dot = entry.indexOf('.');
      String head = (dot < 0 ? entry : entry.substring(0, dot)).toUpperCase(Locale.ROOT);
      String canonical = dot < 0 ? head : head + entry.substring(dot);
      boolean valid = dot < 0 ? isDataClass(head) : DETECTOR_ID.matcher(canonical).matches();
      if (!valid) {
        throw PolicyException.at(
            "data_class_any[" + i + "]",
            "\"" + entry + "\" (expected: PII, SECRETS, INTERNAL or a detector id such as"
                + " SECRETS.aws_access_key)");
      }
      out.add(canonical);
    }
    return List.copyOf(out);
  }

  private static boolean isDataClass(String name) {
    for (DataClass c : DataClass.values()) {
      if (c.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static void checkRegex(String regex, String at) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw PolicyException.at(at, "invalid regular expression: " + e.getMessage());
    }
  }
}
