package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.detect.DataClass;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of a policy document.
 *
 * @param id unique within its document; part of the decision's rule reference
 * @param match which requests the rule looks at ({@link RuleMatch#ANY} when null)
 * @param condition what must hold for them ({@link RuleCondition#NONE} when null)
 * @param action what to do when the rule applies
 * @param severity severity of a decision taken by this rule (MEDIUM when null)
 * @param priority lower is evaluated first
 * @param reason reason code reported to the agent (derived from the id when null)
 * @param redact classes a SANITIZE rule redacts (empty: the classes its condition names, or every
 *     class found when it names none); must be empty for other actions
 * @param enabled disabled rules are kept but never evaluated
 */
public record PolicyRule(
    String id,
    RuleMatch match,
    RuleCondition condition,
    Action action,
    Severity severity,
    int priority,
    String reason,
    Set<DataClass> redact,
    boolean enabled) {

  public static final int DEFAULT_PRIORITY = 100;
  public static final int MAX_PRIORITY = 1_000_000;

  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");
  private static final Pattern REASON = Pattern.compile("^[A-Z0-9][A-Z0-9_]{0,99}$");

  public PolicyRule {
    requireNonNull(id, "id");
    requireNonNull(action, "action");
    match = match == null ? RuleMatch.ANY : match;
    condition = condition == null ? RuleCondition.NONE : condition;
    severity = severity == null ? Severity.MEDIUM : severity;
    reason = reason == null ? defaultReason(id) : reason;
    redact = redact == null ? Set.of() : Set.copyOf(redact);
    if (!ID.matcher(id).matches()) {
      throw PolicyException.at("id", quoted(id) + " (expected: " + ID.pattern() + ")");
    }
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw PolicyException.at("priority", priority + " (expected: 0.." + MAX_PRIORITY + ")");
    }
    if (!REASON.matcher(reason).matches()) {
      throw PolicyException.at("reason", quoted(reason) + " (expected: " + REASON.pattern() + ")");
    }
    if (!redact.isEmpty() && action != Action.SANITIZE) {
      throw PolicyException.at("redact", "only allowed when action is SANITIZE (action: " + action + ")");
    }
  }

  /** The reason used when none is given: the rule id in upper snake case (no-push → NO_PUSH). */
  public static String defaultReason(String id) {
    return id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** Classes a SANITIZE decision of this rule redacts, before keeping only those found. */
  public Set<DataClass> redactTargets() {
    if (!redact.isEmpty()) {
      return redact;
    }
    Set<DataClass> named = condition.namedClasses();
    return named.isEmpty() ? Set.copyOf(EnumSet.allOf(DataClass.class)) : named;
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }
}
