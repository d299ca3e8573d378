package dev.airlock.admin.http;

import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The request bodies of {@code /environments}: the full form of a creation and the partial form
 * of a PATCH, checked by the same rules so that an update cannot store what a creation refuses.
 */
final class EnvironmentBody {
  static final Set<String> FIELDS =
      Set.of("slug", "name", "description", "is_production", "enforcement_mode", "default_action",
          "approval_hold_seconds", "scrutiny_multiplier");
  static final int MAX_NAME = 100;
  static final int MAX_DESCRIPTION = 1000;

  private EnvironmentBody() {}

  /** A new environment: slug required, everything else defaulted. */
  static Environment create(JsonBody body) {
    String slug = body.text("slug", null);
    if (slug == null || !Environment.SLUG.matcher(slug).matches()) {
      throw ApiException.unprocessable(
          "invalid_slug", "slug", "slug: " + (slug == null ? "missing" : "\"" + slug + "\"")
              + " (expected: ^[a-z][a-z0-9-]{1,49}$)");
    }
    return new Environment(
        slug,
        name(body.text("name", slug)),
        description(body.text("description", "")),
        body.bool("is_production", false),
        mode(body.text("enforcement_mode", "enforce")),
        action(body.text("default_action", "ALLOW")),
        hold(body.integer("approval_hold_seconds", 25)),
        multiplier(body.number("scrutiny_multiplier", 1.0)),
        null,
        null);
  }

  /**
   * The change a PATCH of environment {@code slug} asks for, validated now: the fields it names
   * replace the stored ones, the others stay. The slug cannot change.
   */
  static UnaryOperator<Environment> patch(JsonBody body, String slug) {
    if (body.isEmpty()) {
      throw ApiException.unprocessable("empty_update", null,
          "the body names no field to change (expected: one or more of " + FIELDS + ")");
    }
    String newSlug = body.text("slug", slug);
    if (!newSlug.equals(slug)) {
      throw ApiException.unprocessable("immutable_field", "slug",
          "slug: \"" + newSlug + "\" (a slug never changes; create a new environment instead)");
    }
    String name = body.has("name") ? name(body.text("name", null)) : null;
    String description = body.has("description") ? description(body.text("description", null)) : null;
    Boolean production = body.has("is_production") ? body.bool("is_production", false) : null;
    EnforcementMode mode = body.has("enforcement_mode") ? mode(body.text("enforcement_mode", null)) : null;
    Action action = body.has("default_action") ? action(body.text("default_action", null)) : null;
    Integer hold = body.has("approval_hold_seconds") ? hold(body.integer("approval_hold_seconds", 0)) : null;
    Double multiplier = body.has("scrutiny_multiplier") ? multiplier(body.number("scrutiny_multiplier", 1)) : null;
    return before -> new Environment(
        before.slug(),
        name != null ? name : before.name(),
        description != null ? description : before.description(),
        production != null ? production : before.production(),
        mode != null ? mode : before.enforcementMode(),
        action != null ? action : before.defaultAction(),
        hold != null ? hold : before.approvalHoldSeconds(),
        multiplier != null ? multiplier : before.scrutinyMultiplier(),
        before.createdAt(),
        before.updatedAt());
  }

  private static String name(String name) {
    if (name.isBlank() || name.length() > MAX_NAME) {
      throw ApiException.unprocessable("invalid_field", "name",
          "name: \"" + abbreviate(name) + "\" (expected: 1.." + MAX_NAME + " characters, not blank)");
    }
    return name;
  }

  private static String description(String description) {
    if (description.length() > MAX_DESCRIPTION) {
      throw ApiException.unprocessable("invalid_field", "description",
          "description: " + description.length() + " characters (expected: at most " + MAX_DESCRIPTION + ")");
    }
    return description;
  }

  private static int hold(int seconds) {
    if (seconds < 0) {
      throw ApiException.unprocessable("invalid_field", "approval_hold_seconds",
          "approval_hold_seconds: " + seconds + " (expected: >= 0)");
    }
    return seconds;
  }

  private static double multiplier(double multiplier) {
    if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
      throw ApiException.unprocessable("invalid_field", "scrutiny_multiplier",
          "scrutiny_multiplier: " + multiplier + " (expected: > 0)");
    }
    return multiplier;
  }

  private static EnforcementMode mode(String value) {
    for (EnforcementMode m : EnforcementMode.values()) {
      if (m.wireName().equals(value)) {
        return m;
      }
    }
    throw ApiException.unprocessable("invalid_enforcement_mode", "enforcement_mode",
        "enforcement_mode: \"" + value + "\" (expected: monitor, alert, enforce)");
  }

  private static Action action(String value) {
    try {
      return Action.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable("invalid_default_action", "default_action",
          "default_action: \"" + value + "\" (expected: " + Arrays.toString(Action.values()) + ")");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
